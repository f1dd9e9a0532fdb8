// Errors of the durability layer.

/** A fatal problem loading data at startup: the server must not start (the message names file and offset). */
export class LoadError extends Error {}
