// Sizes as the pages say them: one formatter, so a limit and a file's size read the same everywhere.

/** Bytes as decimal megabytes with one decimal ('21.3 MB'), as file browsers show them. */
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
