"""The youth guidance screens (青少年帮教): masked list, the sealed file editor, its dialogs."""
