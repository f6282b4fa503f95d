"""Widgets and helpers shared by the module screens: forms, dialogs, row tables, inputs, the document preview."""
