// The shapes example: a Go drawing board (go/board.go) behind the Board schema, whose types are
// TypeScript's own: an alias (ShapeId), a literal union (Unit), an enum (Color), a discriminated
// union (Shape), `Shape | null` and `Record<string, …>`. Loads a drawing in millimetres, finds its
// shapes back in pixels, and shows a shape of an unknown kind refused before Go is called.
//
//   deno run -A examples/shapes/main.ts      (or: bun run examples/shapes/main.ts)
import { buildGo } from "ts2go";
import { loadBoard } from "./schema.gen.ts";
import { Color, type Drawing, type Shape } from "./schema.ts";

const goDir = new URL("./go", import.meta.url).pathname;
using board = loadBoard(await buildGo(goDir));

/** One line for a shape; TypeScript narrows the union on `kind`. */
function describe(s: Shape): string {
  const at = `at (${s.x.toFixed(1)}, ${s.y.toFixed(1)})`;
  switch (s.kind) {
    case "circle":
      return `${Color[s.fill]} circle ${at}, radius ${s.r.toFixed(1)}`;
    case "rect":
      return `${Color[s.fill]} rect ${at}, ${s.w.toFixed(1)} × ${s.h.toFixed(1)}`;
    case "text":
      return `${Color[s.fill]} text ${JSON.stringify(s.body)} ${at}, size ${s.size.toFixed(1)}`;
  }
}

const drawing: Drawing = {
  unit: "mm",
  shapes: {
    sun: { kind: "circle", x: 20, y: 20, r: 10, fill: Color.Red },
    house: { kind: "rect", x: 40, y: 30, w: 50, h: 40, fill: Color.Blue },
    title: { kind: "text", x: 40, y: 80, body: "home", size: 6, fill: Color.Black },
  },
};
// A Record comes back as an object with a null prototype, in Go's map order: sorted here.
const ids = Object.entries(board.load(drawing)).sort(([, a], [, b]) => a - b);
console.log("[TS] load (mm): ids", ids.map(([name, id]) => `${name}=${id}`).join(", "));

for (const [name, id] of ids) {
  const shape = await board.find(id, "px");
  console.log(`[TS] find(${id}, "px"): ${name} is a ${shape === null ? "missing shape" : describe(shape)}`);
}
console.log(`[TS] find(99, "mm"): ${await board.find(99, "mm")}`);
console.log(`[TS] area: ${board.area("mm").toFixed(1)} mm², ${board.area("px").toFixed(0)} px²`);

// What a value from JSON or a typo might hold: the discriminant is checked before Go is called.
const star = { kind: "star", x: 0, y: 0, r: 5, fill: Color.Green } as unknown as Shape;
try {
  board.load({ unit: "mm", shapes: { star } });
  throw new Error("a star was accepted");
} catch (e) {
  if (!(e instanceof TypeError)) throw e;
  console.log("[TS] a star is refused:", e.message);
}
