/**
 * Gates let a test hold an activity in flight and release it when the test
 * chooses, and learn when it started, with promises instead of sleeps.
 */
interface Gate {
  started: Promise<void>;
  markStarted: () => void;
  opened: Promise<void>;
  open: () => void;
}

/** A set of named gates shared by a test and the activities it runs. */
export class Gates {
  private readonly gates = new Map<string, Gate>();

  /** Resolves when the activity named `label` has started. */
  started(label: string): Promise<void> {
    return this.gate(label).started;
  }

  /** Lets the activity named `label` finish (now or as soon as it starts). */
  open(label: string): void {
    this.gate(label).open();
  }

  /** Called by an activity: reports that it started and waits for its gate. */
  async pass(label: string): Promise<void> {
    const gate = this.gate(label);
    gate.markStarted();
    await gate.opened;
  }

  private gate(label: string): Gate {
    let gate = this.gates.get(label);
    if (!gate) {
      let markStarted!: () => void;
      let open!: () => void;
      const started = new Promise<void>((resolve) => (markStarted = resolve));
      const opened = new Promise<void>((resolve) => (open = resolve));
      gate = { started, markStarted, opened, open };
      this.gates.set(label, gate);
    }
    return gate;
  }
}
