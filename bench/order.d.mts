/** The order of stage a's runs in one round (see order.mjs). */
export declare function roundOrder<R extends { slow?: boolean }>(runners: readonly R[], round: number, repeats: number): R[];
