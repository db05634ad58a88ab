// The copy circuit's fixture tables live next to the circuit (the soundness tool's copy target uses them too).
export * from '../../../circuits/copy/examples.js';
