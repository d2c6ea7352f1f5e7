/**
 * Input that reaches only what the customer chose to show (SPEC.md P10): while the
 * restriction is on, pointer moves, clicks and wheel turns aimed outside the visible region
 * are dropped, and keys are dropped unless a chosen application would get them. A button or
 * key that went down is always let up, so nothing stays stuck.
 * @module
 */
import { type Region, regionContains } from '../windows/region.js'
import type { InputBackend, KeyInput, PointerButton } from './input.js'

/** Where the restriction comes from (`windows/window-restriction.ts`). */
export interface InputGate {
  /** `null` while nothing is restricted. */
  visibleRegion(): Region | null
  /** Resolves once the region reflects every window change made before the call. */
  settle(): Promise<void>
  /** Whether a key pressed now would reach a chosen application. */
  canType(): Promise<boolean>
}

export class MaskedInput implements InputBackend {
  readonly #inner: InputBackend
  readonly #gate: InputGate
  /** Where the operator last aimed, in desktop coordinates (moved there or not). */
  #aim: { x: number; y: number } | null = null
  readonly #buttonsDown = new Set<PointerButton>()
  readonly #keysDown = new Set<string>()

  constructor(inner: InputBackend, gate: InputGate) {
    this.#inner = inner
    this.#gate = gate
  }

  async movePointer(x: number, y: number): Promise<void> {
    this.#aim = { x, y }
    if (this.#isAllowedAt(x, y)) await this.#inner.movePointer(x, y)
  }

  async buttonDown(button: PointerButton): Promise<void> {
    if (!(await this.#isAimInside())) return
    this.#buttonsDown.add(button)
    await this.#inner.buttonDown(button)
  }

  async buttonUp(button: PointerButton): Promise<void> {
    // Let up where it is: a button pressed inside is released even if aimed outside now.
    if (!this.#buttonsDown.delete(button)) return
    await this.#inner.buttonUp(button)
  }

  async wheel(x: number, y: number): Promise<void> {
    if (await this.#isAimInside()) await this.#inner.wheel(x, y)
  }

  async keyDown(key: KeyInput): Promise<void> {
    if (!(await this.#gate.canType())) return
    this.#keysDown.add(keyId(key))
    await this.#inner.keyDown(key)
  }

  async keyUp(key: KeyInput): Promise<void> {
    if (!this.#keysDown.delete(keyId(key))) return
    await this.#inner.keyUp(key)
  }

  async ctrlAltDelete(): Promise<void> {
    if (await this.#gate.canType()) await this.#inner.ctrlAltDelete()
  }

  async releaseAll(): Promise<void> {
    this.#buttonsDown.clear()
    this.#keysDown.clear()
    await this.#inner.releaseAll()
  }

  close(): Promise<void> {
    return this.#inner.close()
  }

  #isAllowedAt(x: number, y: number): boolean {
    const region = this.#gate.visibleRegion()
    return region === null || regionContains(region, x, y)
  }

  async #isAimInside(): Promise<boolean> {
    if (this.#gate.visibleRegion() === null) return true
    // A window may just have moved over the spot: decide with the newest region.
    await this.#gate.settle()
    return this.#aim !== null && this.#isAllowedAt(this.#aim.x, this.#aim.y)
  }
}

/** The backend pairs a release with its press by `code`; typed text has only `key`. */
function keyId(key: KeyInput): string {
  return key.code === '' ? `key:${key.key}` : `code:${key.code}`
}
