"""The residents' desk screens: the reception log (来访来电登记) and the opinion register (群众意见建议)."""
