"""The mediation screens (矛盾纠纷调解): case list, case editor, its dialogs and documents."""
