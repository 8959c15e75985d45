/** mulberry32: a seeded PRNG returning numbers in [0, 1) (see prng.cjs). */
export declare function prng(seed: number): () => number;
