"""The search box for every module (Ctrl+K) and the page per person."""
