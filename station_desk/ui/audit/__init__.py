"""The audit trail screen (审计日志)."""
