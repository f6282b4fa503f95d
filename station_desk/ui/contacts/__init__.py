"""The contacts screens (联系单位): people and organisations."""
