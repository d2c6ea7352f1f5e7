/** Errors of the viewer, each with a `reason` the session can act on without parsing text. */

/** Why a screen update could not be painted. */
export const ViewerErrorReason = {
  /** The update names an encoding this viewer has no decoder for. */
  UnknownEncoding: 'unknown-encoding',
  /** The browser could not decode the image bytes. */
  DecodeFailed: 'decode-failed',
  /** The image decoded to another size than the region it declares (SPEC.md F9). */
  BadImage: 'bad-image',
  /** A copy's source is not inside the screen, or its source bytes are malformed (SPEC.md F10). */
  BadCopy: 'bad-copy',
} as const
/** A value of {@link ViewerErrorReason}. */
export type ViewerErrorReason = (typeof ViewerErrorReason)[keyof typeof ViewerErrorReason]

/** A screen update the display skipped; the display itself keeps working. */
export class ViewerError extends Error {
  override readonly name = 'ViewerError'

  constructor(
    readonly reason: ViewerErrorReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}
