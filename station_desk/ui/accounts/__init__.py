"""The accounts screens (用户账号): the list of accounts and its dialogs."""
