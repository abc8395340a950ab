export * from './enums';
export * from './records';
export * from './tables';
export * from './sync';
