import { type Address, createAddressFromString, createZeroAddress, hexToBytes, isHexString } from "@ethereumjs/util";

/** One prefunded or predeployed account of the genesis state. */
export interface GenesisAccount {
  address: Address;
  balance: bigint;
  nonce: bigint;
  code: Uint8Array;
  storage: [slot: bigint, value: bigint][];
}

/** The genesis block and state, normalized from a geth-format genesis JSON. */
export interface Genesis {
  chainId: bigint;
  gasLimit: bigint;
  timestamp: bigint;
  baseFeePerGas: bigint;
  coinbase: Address;
  extraData: Uint8Array;
  alloc: GenesisAccount[];
}

export class GenesisError extends Error {
  constructor(
    message: string,
    readonly context: { field: string; value?: unknown },
  ) {
    super(`invalid genesis: ${message} (field ${context.field}${context.value === undefined ? "" : `, value ${JSON.stringify(context.value)}`})`);
    this.name = "GenesisError";
  }
}

/** Chain id of the L2 dev chain: hardhat's L1 dev chain is 31337, the L2 takes the next one. */
export const DEV_CHAIN_ID = 31338n;
export const DEV_GAS_LIMIT = 30_000_000n;
export const DEV_BASE_FEE = 1_000_000_000n;
const DEV_BALANCE = 10_000n * 10n ** 18n;

/**
 * Accounts 0–19 of the well-known test mnemonic "test test test test test test test test test test test junk"
 * (path m/44'/60'/0'/0/i) that hardhat and anvil prefund; tools and scripts written against a hardhat node
 * work unchanged. Listed rather than derived so the node needs no BIP-32 code; a test checks the derivation.
 */
export const DEV_ACCOUNTS: readonly string[] = [
  "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
  "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
  "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
  "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
  "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
  "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
  "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
  "0xBcd4042DE499D14e55001CcbB24a551F3b954096",
  "0x71bE63f3384f5fb98995898A86B02Fb2426c5788",
  "0xFABB0ac9d68B0B445fB7357272Ff202C5651694a",
  "0x1CBd3b2770909D4e10f157cABC84C7264073C9Ec",
  "0xdF3e18d64BC6A983f673Ab319CCaE4f1a57C7097",
  "0xcd3B766CCDd6AE721141F452C550Ca635964ce71",
  "0x2546BcD3c84621e976D8185a91A922aE77ECEc30",
  "0xbDA5747bFD65F08deb54cb465eB87D40e51B197E",
  "0xdD2FD4581271e230360230F9337D5c0430Bf44C0",
  "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199",
];

/** The default dev genesis: the 20 dev accounts with 10,000 ETH each, 30M gas limit, 1 gwei base fee. */
export const devGenesis = (chainId: bigint = DEV_CHAIN_ID): Genesis => ({
  chainId,
  gasLimit: DEV_GAS_LIMIT,
  timestamp: 0n,
  baseFeePerGas: DEV_BASE_FEE,
  coinbase: createZeroAddress(),
  extraData: new Uint8Array(),
  alloc: DEV_ACCOUNTS.map((a) => ({ address: createAddressFromString(a), balance: DEV_BALANCE, nonce: 0n, code: new Uint8Array(), storage: [] })),
});

/** A quantity given as a number, a decimal string or a `0x` hex string. */
const quantity = (value: unknown, field: string, fallback?: bigint): bigint => {
  if (value === undefined || value === null) {
    if (fallback !== undefined) return fallback;
    throw new GenesisError("missing quantity", { field });
  }
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^(0x[0-9a-fA-F]*|[0-9]+)$/.test(value)) return value === "0x" ? 0n : BigInt(value);
  throw new GenesisError("expected a non-negative integer (number, decimal string or 0x hex)", { field, value });
};

/** A storage slot or value: always hex in geth genesis files, `0x` optional. */
const hexWord = (value: unknown, field: string): bigint => {
  if (typeof value !== "string" || !/^(0x)?[0-9a-fA-F]{1,64}$/.test(value)) throw new GenesisError("expected a hex word of at most 32 bytes", { field, value });
  return BigInt(value.startsWith("0x") ? value : `0x${value}`);
};

const bytes = (value: unknown, field: string): Uint8Array => {
  if (value === undefined || value === null || value === "") return new Uint8Array();
  const text = typeof value === "string" && !value.startsWith("0x") ? `0x${value}` : value;
  if (typeof text !== "string" || !isHexString(text) || text.length % 2 !== 0) {
    throw new GenesisError("expected an even-length hex string", { field, value });
  }
  return hexToBytes(text as `0x${string}`);
};

const address = (value: unknown, field: string): Address => {
  const text = typeof value === "string" && !value.startsWith("0x") ? `0x${value}` : value;
  if (typeof text !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(text)) throw new GenesisError("expected a 20-byte hex address", { field, value });
  return createAddressFromString(text);
};

const record = (value: unknown, field: string): Record<string, unknown> => {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw new GenesisError("expected an object", { field, value });
  return value as Record<string, unknown>;
};

/**
 * Parses a geth-format genesis JSON (`config.chainId`, `alloc`, `gasLimit`, `timestamp`, `baseFeePerGas`,
 * `coinbase`, `extraData`). Quantities may be numbers, decimal or hex strings; addresses and slots may omit `0x`.
 */
export const parseGethGenesis = (json: unknown): Genesis => {
  const root = record(json, "(root)");
  const config = record(root.config, "config");
  const alloc = Object.entries(record(root.alloc, "alloc")).map(([key, value]): GenesisAccount => {
    const entry = record(value, `alloc.${key}`);
    const storage = Object.entries(record(entry.storage, `alloc.${key}.storage`)).map(([slot, v]): [bigint, bigint] => [
      hexWord(slot, `alloc.${key}.storage`),
      hexWord(v, `alloc.${key}.storage.${slot}`),
    ]);
    return {
      address: address(key, `alloc.${key}`),
      balance: quantity(entry.balance, `alloc.${key}.balance`, 0n),
      nonce: quantity(entry.nonce, `alloc.${key}.nonce`, 0n),
      code: bytes(entry.code, `alloc.${key}.code`),
      storage,
    };
  });
  return {
    chainId: quantity(config.chainId, "config.chainId"),
    gasLimit: quantity(root.gasLimit, "gasLimit", DEV_GAS_LIMIT),
    timestamp: quantity(root.timestamp, "timestamp", 0n),
    baseFeePerGas: quantity(root.baseFeePerGas, "baseFeePerGas", DEV_BASE_FEE),
    coinbase: root.coinbase === undefined ? createZeroAddress() : address(root.coinbase, "coinbase"),
    extraData: bytes(root.extraData, "extraData"),
    alloc,
  };
};
