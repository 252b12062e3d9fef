/** Label values that would run script if anything rendered them as HTML (issue 6). */
export const HOSTILE_ROW = '<img src=x onerror=alert(1)>';
export const HOSTILE_COLUMN = '<script>alert(2)</script>';
