/** The warning shown for a feature that the fit left out. */
import type { DroppedFeature } from './artifact.ts';

/** At most this many collinear features are named in a warning; the rest are counted. */
const NAMED_FEATURES = 5;

/** Formats the warning line for `dropped`, such as the run summary shows. */
export function droppedFeatureWarning(dropped: DroppedFeature): string {
  const lead = `feature ${dropped.feature} left out of the model`;
  if (dropped.reason === 'constant') {
    return `${lead}: it is constant over the training rows; add observations where it varies to fit it`;
  }

  const { collinearWith, conditionNumber } = dropped;
  const more = collinearWith.length - NAMED_FEATURES;
  const others =
    collinearWith.slice(0, NAMED_FEATURES).join(', ') + (more > 0 ? ` and ${more} more` : '');
  const design =
    conditionNumber === null
      ? 'the scaled design would be exactly singular'
      : `the scaled design would have condition number ${conditionNumber.toExponential(2)}, above 1e6`;
  return `${lead}: collinear with ${others} (with it, ${design}); add observations where they vary independently to fit it`;
}
