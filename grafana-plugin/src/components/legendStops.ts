/** Legend geometry from the colour scale: gradient stops and where the target sits (pure). */
import { ColourScale } from '../heatmap/colour';

const STEPS = 48;

/** CSS linear-gradient running from min (left) to max (right), sampled through the scale itself. */
export function legendGradient(scale: ColourScale): string {
  const stops: string[] = [];
  for (let i = 0; i < STEPS; i++) {
    const value = scale.min + ((i + 0.5) / STEPS) * (scale.max - scale.min);
    const colour = scale.colourOf(value);
    // Paired stops: hard edges for threshold steps, near-smooth for continuous schemes.
    stops.push(
      `${colour} ${((i / STEPS) * 100).toFixed(2)}%`,
      `${colour} ${(((i + 1) / STEPS) * 100).toFixed(2)}%`,
    );
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

/** Target position as a fraction of the legend width, or null when there is no target. */
export function targetPosition(scale: ColourScale): number | null {
  if (scale.target === undefined || scale.max === scale.min) {
    return null;
  }
  return Math.min(1, Math.max(0, (scale.target - scale.min) / (scale.max - scale.min)));
}
