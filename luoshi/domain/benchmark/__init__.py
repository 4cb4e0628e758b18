"""National benchmark (对标): the MOFCOM evaluation of development zones as data, computed."""
