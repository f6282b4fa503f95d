"""Pure-Python domain rules: validators, pinyin search keys, masking, roles, audit (no Qt, no SQL)."""
