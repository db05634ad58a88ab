import { expect } from 'chai';
import { unsupportedOps } from '../../../circuits/evm/coverage.js';
import { AccountField, RwTag } from '../../../circuits/state/table.js';
import type { EvmWitness } from '../../../circuits/witness/evm.js';
import type { BlockTrace } from '../../../circuits/witness/trace.js';
import { expectVerifierRejects, failuresAfter, honestFailures } from '../gadgets/helpers.js';
import { deploy } from '../witness/deploy.js';
import { asm, programAddress, runPrograms } from '../witness/run.js';
import { addressOf, callers, rowsIn } from './failing-calls.js';
import { evmCase, evmComposed, evmInstances, evmTestCircuit } from './harness.js';
import { evmStateCells } from '../../../circuits/evm/index.js';

const K = 11;
const STEPS = 512;
const RW_ROWS = 1024;
const FAIL = 'CodeDepositFail';
const SHORT = 'aux bytes 0 … 7 = too long ? size − 24577 : EF ? size − 1 : 200·size − gas − 1';

/** Init codes whose RETURN's deposit fails: 24577 bytes (EIP-170), code starting with 0xEF (EIP-3541), 24000 bytes (4.8M gas: out of gas). */
const TOO_LONG = asm('PUSH2', 24_577, 'PUSH0', 'RETURN');
const EF = asm('PUSH1', 0xef, 'PUSH0', 'MSTORE8', 'PUSH1', 1, 'PUSH0', 'RETURN');
const UNPAID = asm('PUSH2', 24_000, 'PUSH0', 'RETURN');
/** Init code that deploys one byte (0x00: STOP), for a creation that succeeds after the failed ones. */
const DEPLOYS = asm('PUSH1', 1, 'PUSH0', 'RETURN');

/** CREATE (or CREATE2 with `salt`) of `init` (≤ 32 bytes, written at memory 0), then SSTORE(slot, the pushed address). */
const create = (init: Uint8Array, slot: number, salt?: number) => [
  'PUSH32', BigInt(`0x${Buffer.from(init).toString('hex').padEnd(64, '0')}`), 'PUSH0', 'MSTORE',
  ...(salt === undefined ? [] : ['PUSH1', salt]), 'PUSH1', init.length, 'PUSH0', 'PUSH0', salt === undefined ? 'CREATE' : 'CREATE2', 'PUSH1', slot, 'SSTORE'] as const;

describe('evm circuit: a failing code deposit (EIP-170, EIP-3541, out of gas) ends the creating frame as a failure (differential against @ethereumjs/evm)', function () {
  this.timeout(600_000);
  let b: BlockTrace;
  let w: EvmWitness;
  const failures = (edits: Parameters<typeof failuresAfter>[3]) => failuresAfter(evmTestCircuit(STEPS, w), K, evmInstances(w), edits);
  /** The reason flagged in a CodeDepositFail row: aux byte 8 (EIP-170), 9 (0xEF) or 10 (out of gas). */
  const reason = (r: number) => [8, 9, 10].find((j) => ((w.steps[r]!.aux!.aux! >> BigInt(8 * j)) & 0xffn) === 1n);

  before(async () => {
    // txs 1-3: creation txs whose deposit fails (the last one's gas limit short of its 200k deposit); tx 4: 90 CALLs 91 … with
    // 1.5M gas each (a failed creation takes all but the 64th its factory keeps for the SSTORE after it): they CREATE the
    // too long and the unpaid code, CREATE2 the 0xEF one, CREATE one that deploys, storing the pushed address
    const factories = [create(TOO_LONG, 0), create(UNPAID, 0), create(EF, 0, 7), create(DEPLOYS, 0)];
    b = await runPrograms([deploy(TOO_LONG), deploy(EF), { ...deploy(asm('PUSH2', 1000, 'PUSH0', 'RETURN')), gasLimit: 74_000n }, { to: programAddress(90), gasLimit: 8_000_000n }],
      callers(factories.map((ops) => ({ ops, gas: 1_500_000 }))));
    w = evmCase(b);
  });

  it('each creation fails as @ethereumjs\'s did (all its gas consumed, its account undone, 0 pushed); the factory goes on; MockProver passes, also over the keccak, bytecode and state circuits', () => {
    expect(b.txs.map((t) => [t.status, t.steps.filter((s) => s.error !== undefined).map((s) => [s.name, s.error]), unsupportedOps(t)])).to.deep.equal([
      [0, [['RETURN', 'code size to deposit exceeds maximum code size']], []], [0, [['RETURN', 'invalid bytecode deployed']], []], [0, [['RETURN', 'out of gas']], []],
      [1, [['RETURN', 'code size to deposit exceeds maximum code size'], ['RETURN', 'out of gas'], ['RETURN', 'invalid bytecode deployed']], []]]);
    expect(b.txs[3]!.frames.map((f) => [f.kind, f.success])).to.deep.equal([['CALL', true], ...['CREATE', 'CREATE', 'CREATE2', 'CREATE'].flatMap((kind, k) => [['CALL', true], [kind, k === 3]])]);
    const fails = rowsIn(w, FAIL);
    expect(fails.map((r) => [w.steps[r]!.txId, reason(r), w.steps[r - 1]!.spec.gadget.name, w.steps[r + 1]!.spec.gadget.name, w.steps[r + 1]!.gasLeft]))
      .to.deep.equal([[1, 8, 'RETURN', 'EndTx', 0n], [2, 9, 'RETURN', 'EndTx', 0n], [3, 10, 'RETURN', 'EndTx', 0n],
        [4, 8, 'RETURN', 'CallReturn', 0n], [4, 10, 'RETURN', 'CallReturn', 0n], [4, 9, 'RETURN', 'CallReturn', 0n]]);
    // only the 0xEF deposits read the code's first byte
    expect(fails.map((r) => w.steps[r]!.rws.map((x) => [x.tag, x.value]))).to.deep.equal([[], [[RwTag.Memory, 0xefn]], [], [], [], [[RwTag.Memory, 0xefn]]]);
    // each factory stored 0 for its failed creation (the last one the address it deployed) and succeeded, as @ethereumjs did
    const stored = w.rws.filter((r) => r.tag === RwTag.Storage && r.isWrite).map((r) => [r.address, r.value]);
    expect(stored).to.deep.equal(b.txs[3]!.storage.filter((a) => a.isWrite).map((a) => [BigInt(a.address), a.value]));
    const deployed = stored[6]![1]!;
    expect(stored).to.deep.equal([91, 92, 93, 94].flatMap((k, i) => [[addressOf(k), i < 3 ? 0n : deployed], [addressOf(90), 1n]]));
    // only the last creation's code hash is written: the failed ones' are never deposited
    const codeHashes = w.rws.filter((r) => r.tag === RwTag.Account && r.fieldTag === AccountField.CodeHash && r.isWrite).map((r) => r.address);
    expect(codeHashes).to.deep.equal([deployed]);
    expect(honestFailures(evmTestCircuit(STEPS, w), K, evmInstances(w))).to.deep.equal([]);
    expect(honestFailures(evmComposed(w, { steps: STEPS, bitwiseOps: 0, rw: RW_ROWS, bytecode: 512 }, 8), 12)).to.deep.equal([]);
  });

  it('mutations: the deposit claimed unpaid with the gas for it, another reason, a first byte other than 0xEF, gas left after it: MockProver names the rule', () => {
    const [tooLong, ef, unpaid] = rowsIn(w, FAIL) as [number, number, number];
    // the gas left covers the 200k deposit
    expect(failures([{ column: 'evm gas', row: unpaid, value: 200_000n }])).to.include(`gate evm ${FAIL}/${SHORT}@${unpaid}`);
    // a 1-byte code claimed too long
    expect(failures([{ column: 'evm aux byte 9', row: ef, value: 0n }, { column: 'evm aux byte 8', row: ef, value: 1n }]))
      .to.include.members([`gate evm ${FAIL}/${SHORT}@${ef}`, `gate evm ${FAIL}/EF: the first byte is read@${ef}`]);
    // two reasons at once, a reason flag of 2, a stray byte above the flags
    expect(failures([{ column: 'evm aux byte 10', row: tooLong, value: 1n }])).to.include(`gate evm ${FAIL}/one reason@${tooLong}`);
    expect(failures([{ column: 'evm aux byte 8', row: tooLong, value: 2n }])).to.include(`gate evm ${FAIL}/too long boolean@${tooLong}`);
    expect(failures([{ column: 'evm aux byte 11', row: tooLong, value: 1n }])).to.deep.equal([`gate evm ${FAIL}/aux byte 11 = 0@${tooLong}`]);
    // the first byte claimed 0xEF where memory holds another (the RW table's read is 0xEF: the lookup fails)
    expect(failures([{ column: 'evm slot 0 lo', row: ef, value: 0xeen }, { column: 'evm slot 0 prev lo', row: ef, value: 0xeen }]))
      .to.include.members([`gate evm ${FAIL}/EF: the first byte is 0xEF@${ef}`, `lookup evm rw slot 0@${ef}`]);
    // the frame's gas kept past the failure
    expect(failures([{ column: 'evm gas', row: tooLong + 1, value: 1n }])).to.include(`gate evm ${FAIL}/all gas consumed: gas' = 0@${tooLong}`);
    // the failure skipped: RETURN's successor claimed a success's CodeDeposit (its own rules then fail)
    expect(failures(evmStateCells('CodeDeposit', tooLong)))
      .to.include(`gate evm CodeDeposit/aux bytes 2, 3 = 24576 − size (EIP-170)@${tooLong}`);
  });

  it('the real verifier rejects a paid deposit claimed unpaid', async () => {
    const unpaid = rowsIn(w, FAIL)[2]!;
    expect(await expectVerifierRejects(evmTestCircuit(STEPS, w), K, evmInstances(w), [{ column: 'evm gas', row: unpaid, value: 200_000n }]))
      .to.include(`gate evm ${FAIL}/${SHORT}@${unpaid}`);
  });
});
