// The order of stage a's runs in one round (bench/run.mjs): the fast runners (ours, rumdl: under a second a
// run) `repeats` times, each pass in the reverse order of the one before, and the slow one (markdownlint-cli2,
// 10-15 s a run) once, last in even rounds and first in odd ones, so no runner always follows the same one.

/**
 * @template {{ slow?: boolean }} R
 * @param {readonly R[]} runners
 * @param {number} round zero-based
 * @param {number} repeats runs of each fast runner in the round
 * @returns {R[]}
 */
export function roundOrder(runners, round, repeats) {
  const fast = runners.filter((r) => !r.slow);
  const order = [];
  for (let k = 0; k < repeats; k++) order.push(...((round * repeats + k) % 2 === 0 ? fast : [...fast].reverse()));
  for (const slow of runners.filter((r) => r.slow)) order.splice(round % 2 === 0 ? order.length : 0, 0, slow);
  return order;
}
