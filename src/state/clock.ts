/** Milliseconds since the epoch; injected wherever live state ages, so tests never sleep. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
