import { createRegistry } from '../registry.ts';
import type { SelectionScheme } from '../types.ts';
import { rankSelection } from './rank.ts';
import { rouletteSelection } from './roulette.ts';
import { tournamentSelection } from './tournament.ts';

export const selectionSchemes = createRegistry<SelectionScheme>('selection scheme', [
  tournamentSelection,
  rouletteSelection,
  rankSelection,
]);
