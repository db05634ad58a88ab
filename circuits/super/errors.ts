export class SuperCircuitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SuperCircuitError';
  }
}
