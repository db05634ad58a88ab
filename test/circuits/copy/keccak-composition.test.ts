import { expect } from 'chai';
import { createAddressFromString } from '@ethereumjs/util';
import { asm, runPrograms } from '../witness/run.js';
import { copyWitness } from '../../../circuits/witness/copy.js';
import { failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { CopyWithFixtures } from './fixtures.js';

/** KECCAK256 over 40 bytes of memory (code copied there) and over nothing. */
const CONTRACT = createAddressFromString(`0x${'4ecca'.padStart(40, '0')}`);
const CODE = asm('PUSH1', 40, 'PUSH1', 0, 'PUSH1', 0, 'CODECOPY', 'PUSH1', 40, 'PUSH1', 0, 'KECCAK256', 'POP', 'PUSH1', 0, 'PUSH1', 0, 'KECCAK256', 'POP', 'STOP');

describe('copy circuit composed with the keccak circuit (k = 12): KECCAK256 of memory', function () {
  this.timeout(300_000);

  it('the digest the EVM looks up is the keccak of the copied bytes; a wrong byte or digest is named', async () => {
    const block = await runPrograms([{ to: CONTRACT }], [{ address: CONTRACT, code: CODE }]);
    const witness = copyWitness(block);
    expect(witness.keccakInputs.map((b) => b.length)).to.deep.equal([40, 0]);
    const circuit = new CopyWithFixtures(witness, new Map(), 200, 'circuit');
    expect(honestFailures(circuit, 12)).to.deep.equal([]);
    // byte 5 of the 40-byte input changed in the copy row and the memory read (the keccak circuit's input is honest)
    const row = 1 + (1 + 40) + 1 + 5;
    const read = 1 + witness.rws.findIndex((r) => r.rwCounter === witness.events[1].rwCounter + 5);
    expect(failuresAfter(circuit, 12, [], [
      { column: 'copy value', row, value: (v) => v ^ 1n }, { column: 'rw fixture valueLo', row: read, value: (v) => v ^ 1n }, { column: 'rw fixture valuePrevLo', row: read, value: (v) => v ^ 1n },
    ])).to.deep.equal([`lookup copy keccak write@${row}`]);
    expect(failuresAfter(circuit, 12, [], [{ column: 'evm fixture hashLo', row: 2, value: (v) => v + 1n }])).to.deep.equal(['lookup evm fixture keccak digest@2']);
  });
});
