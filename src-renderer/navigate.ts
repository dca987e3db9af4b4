// Moving between screens: the screen names and the function every screen gets to move. In its
// own file so that screens depend on it and not on app.tsx, which imports every screen.
export type Screen = 'incident' | 'import' | 'overview' | 'persons' | 'letters' | 'exports' | 'tracking' | 'audit';

export interface PersonsTarget {
  search?: string;
  category?: string;
}

export interface NavigateOptions extends PersonsTarget {
  /** On the overview: run the classification at once (as its 「分類を実行」 does), then show the result. */
  classify?: boolean;
}

export interface Navigate {
  (screen: Screen, options?: NavigateOptions): void;
}
