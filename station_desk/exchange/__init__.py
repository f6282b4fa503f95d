"""Exchange (no Qt, no database): encrypted packages, safe writing to USB sticks, manifests,
data packages and removable drives — what leaves the room, and how it is checked."""
