export { Column, Expr, Selector, constant, sum, type ColumnKind, type ExprLike, type ExprNode, type ExprVisitor } from './expression.js';
export { ConstraintSystem, ConstraintSystemError, type Constraint, type Gate, type Lookup, type Shuffle } from './constraint-system.js';
export { AssignedCell, Assignment, AssignmentError, Layouter, Region, synthesize, type Cell, type Circuit, type Value } from './layouter.js';
export { MockProver, UnsatisfiedCircuitError, describeFailure, type CellValue, type VerifyFailure } from './mock-prover.js';
export { Protocol, DELTA, type Challenges } from './protocol.js';
export { keygen, freeProvingKey, KeygenError, shapeText, type ProvingKey, type VerifyingKey } from './keygen.js';
export { prove, TRANSCRIPT_LABEL } from './prover.js';
export { verify, type VerifyResult } from './verifier.js';
export { Stopwatch } from './stopwatch.js';
