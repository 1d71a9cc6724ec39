// The worked examples of the notes in ../shared/seeds/, computed by the built library.
// Run: npm run build && node examples/notes.mjs
import { contributions, crossEntropy, entropy, klDivergence, surprisal } from "../dist/index.js";

const fair = [0.5, 0.5];
const loaded = [0.9, 0.1];
const bits = { base: "bits" };
const f = (x) => x.toFixed(6);

console.log("Surprise h(s) = -log p(s)");
console.log(`  a coin lands tails (p = 1/2):  ${f(surprisal(0.5, bits))} bits`);
console.log(`  a die shows a 1 (p = 1/6):     ${f(surprisal(1 / 6, bits))} bits`);

console.log("\nEntropy = average surprise");
console.log(`  fair coin   H = ${f(entropy(fair, bits))} bits`);
console.log(`  loaded coin H = ${f(entropy(loaded, bits))} bits`);
console.log(
  `  fair die    H = ${f(entropy([1, 1, 1, 1, 1, 1], { ...bits, input: "counts" }))} bits`,
);

console.log("\nCross-entropy H(P,Q): average surprise of someone who believes Q while P is true");
console.log(
  `  P = fair, Q = loaded:  H(P,Q) = ${f(crossEntropy(fair, loaded, bits))} bits >= H(P) = ${f(entropy(fair, bits))}`,
);

console.log(
  "\nKL divergence D(P||Q) = H(P,Q) - H(P): the cost of assuming Q when it is actually P",
);
console.log(`  D(fair || loaded) = ${f(klDivergence(fair, loaded, bits))} bits`);
console.log(`  D(loaded || fair) = ${f(klDivergence(loaded, fair, bits))} bits   (not symmetric)`);
console.log(`  D(fair || [1, 0]) = ${klDivergence(fair, [1, 0], bits)}   (Q rules out tails)`);

console.log(
  "\nWhy: where P is larger the outcome adds to the divergence, where Q is larger it takes away",
);
const c = contributions(fair, loaded, bits);
for (const i of c.order) {
  console.log(
    `  ${i === 0 ? "heads" : "tails"}: p = ${c.p[i]}, q = ${c.q[i]}, ` +
      `surprise under P ${f(c.surprisalP[i])}, under Q ${f(c.surprisalQ[i])}, ` +
      `contribution ${c.contribution[i] >= 0 ? "+" : ""}${f(c.contribution[i])} bits`,
  );
}
console.log(`  total ${f(c.total)} bits`);
