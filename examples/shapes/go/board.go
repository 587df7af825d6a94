package main

// A drawing board that implements the generated Board interface. Shapes are kept in pixels under
// an id and converted from and to the caller's unit, at 96 px per inch as in CSS.
//
// Strings in the arguments of sync calls point into JS memory that is valid only during the call:
// a text's body is copied before the board keeps it. find runs on its own goroutine, so the
// state sits behind a mutex.

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
)

// pxPer is how many pixels make one unit. Every Unit has an entry: the generated TypeScript
// refuses any other value before Go is called.
var pxPer = map[Unit]float64{UnitPx: 1, UnitMm: 96 / 25.4}

type board struct {
	mu     sync.Mutex
	last   ShapeId
	shapes map[ShapeId]Shape // lengths in pixels
}

func init() { RegisterBoard(&board{shapes: map[ShapeId]Shape{}}) }

// scale returns s with every length multiplied by f. Shapes are values: s itself is not changed.
func scale(s Shape, f float64) Shape {
	switch s := s.(type) {
	case Circle:
		s.X, s.Y, s.R = s.X*f, s.Y*f, s.R*f
		return s
	case Rect:
		s.X, s.Y, s.W, s.H = s.X*f, s.Y*f, s.W*f, s.H*f
		return s
	case Text:
		s.X, s.Y, s.Size = s.X*f, s.Y*f, s.Size*f
		return s
	}
	panic(fmt.Sprintf("scale: %T is not a Shape member", s))
}

// owned returns s with its strings copied out of JS memory, to keep past the call.
func owned(s Shape) Shape {
	if t, ok := s.(Text); ok {
		t.Body = strings.Clone(t.Body)
		return t
	}
	return s
}

// Load adds the drawing's shapes in the order of their names, so that the ids do not depend on
// Go's map order, and returns each one's id by name.
func (b *board) Load(drawing *Drawing) (map[string]ShapeId, error) {
	names := make([]string, 0, len(drawing.Shapes))
	for name := range drawing.Shapes {
		names = append(names, name)
	}
	slices.Sort(names)
	b.mu.Lock()
	defer b.mu.Unlock()
	ids := make(map[string]ShapeId, len(names))
	for _, name := range names {
		b.last++
		b.shapes[b.last] = owned(scale(drawing.Shapes[name], pxPer[drawing.Unit]))
		ids[name] = b.last // name points into JS memory too, but the result is written before the call returns
	}
	return ids, nil
}

// Find returns the shape with this id in unit, or nil (null in TypeScript) when there is none.
func (b *board) Find(ctx context.Context, id ShapeId, unit Unit) (*Shape, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s, ok := b.shapes[id]
	if !ok {
		return nil, nil
	}
	s = scale(s, 1/pxPer[unit])
	return &s, nil
}

// Area sums the areas of the board's circles and rectangles (text covers none) in unit squared.
func (b *board) Area(unit Unit) (float64, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	px := 0.0
	for _, s := range b.shapes {
		switch s := s.(type) {
		case Circle:
			px += math.Pi * s.R * s.R
		case Rect:
			px += s.W * s.H
		}
	}
	return px / (pxPer[unit] * pxPer[unit]), nil
}
