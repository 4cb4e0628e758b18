"""Annual assessment (年度考核): schemes, scoring and pay, as pure computation."""
