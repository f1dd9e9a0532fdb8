// Versions reported to clients. Applications gate features on redis_version,
// so redbun reports the Redis release whose behaviour it reproduces.
export const VERSION = "0.1.0";
export const REDIS_VERSION = "7.0.15";
