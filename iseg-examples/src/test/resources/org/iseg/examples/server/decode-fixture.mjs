// Decodes each case's "rle" with Label Studio's decoder library (@thi.ng/rle-pack) and records what it read:
// the value count and the alpha channel's run counts (0 first), plus whether R, G, B equal alpha everywhere.
import { decode } from "@thi.ng/rle-pack";
import { readFileSync, writeFileSync } from "fs";
const [input, output] = process.argv.slice(2);
const root = JSON.parse(readFileSync(input, "utf8"));
for (const c of root.cases) {
  const rgba = decode(Uint8Array.from(c.rle));
  const counts = [];
  let value = 0, run = 0, channelsAgree = true;
  for (let i = 0; i < rgba.length; i += 4) {
    const a = rgba[i + 3];
    if (rgba[i] !== a || rgba[i + 1] !== a || rgba[i + 2] !== a) channelsAgree = false;
    if (a === value) run++; else { counts.push(run); value = a; run = 1; }
  }
  counts.push(run);
  c.rle_pack_decoded = { values: rgba.length, alpha_counts: counts, alpha_max: rgba.reduce((m, v) => Math.max(m, v), 0), rgb_equals_alpha: channelsAgree };
}
root._note = "Brush-RLE fixture: 'rle' is iseg's BrushRle.encode of the mask given by 'counts' (row-major runs, 0s first); "
  + "'rle_pack_decoded' is what @thi.ng/rle-pack 2.1.43's decode (Label Studio's brush decoder) read from it, made by "
  + "`npm install @thi.ng/rle-pack@2.1.43 && node decode-fixture.mjs cases.json brush-rle.json` (script in this folder).";
writeFileSync(output, JSON.stringify(root));
