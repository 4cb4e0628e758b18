"""Bulletins (通报): their content as plain data (``content``), built from frozen figures by pure
functions, and written to Word by ``luoshi.domain.documents`` (GB/T 9704-2012)."""
