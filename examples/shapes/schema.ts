// The shapes example: a drawing board in Go that keeps named shapes. Its schema uses the types a
// TypeScript programmer models data with: an alias, a literal union, an enum, a discriminated
// union, `T | null` and `Record<string, V>`.
import type { u32 } from "ts2go";

/** A shape's id on the board. Go: `type ShapeId uint32`. */
export type ShapeId = u32;

/** The unit of every length. Go: `type Unit string`, constants `UnitPx` and `UnitMm`. */
export type Unit = "px" | "mm";

/** Go: `type Color int32`, constants `ColorBlack`, `ColorRed`… */
export enum Color {
  Black,
  Red,
  Green,
  Blue,
}

export interface Circle {
  kind: "circle";
  x: number;
  y: number;
  r: number;
  fill: Color;
}

export interface Rect {
  kind: "rect";
  x: number;
  y: number;
  w: number;
  h: number;
  fill: Color;
}

export interface Text {
  kind: "text";
  x: number;
  y: number;
  body: string;
  size: number;
  fill: Color;
}

/** Told apart by `kind`. Go: `type Shape interface{ isShape() }`, members `Circle{…}`… */
export type Shape = Circle | Rect | Text;

export interface Drawing {
  /** The unit of every length in `shapes`. */
  unit: Unit;
  /** Shapes by name. */
  shapes: Record<string, Shape>;
}

export interface Board {
  /** Sync: adds the drawing's shapes to the board; returns their new ids by name. */
  load(drawing: Drawing): Record<string, ShapeId>;
  /** Async: the shape with this id, its lengths in `unit`; null when there is none. */
  find(id: ShapeId, unit: Unit): Promise<Shape | null>;
  /** Sync: the area the board's shapes cover (boxes for text), in `unit` squared. */
  area(unit: Unit): number;
}
