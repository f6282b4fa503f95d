"""The Qt user interface: the only package that imports PySide6 or qtawesome.

Widgets call the service objects of `station_desk.services.container.Services` and show the
DTOs they return; they never touch the database.
"""
