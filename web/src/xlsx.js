// xlsx.js - the reading of XLSX workbooks (read-excel-file), built into its own bundle
// (dist/xlsx.js) that the import screen loads only when a user picks an XLSX file, so that no
// other screen pays for it. readSheet(file) gives the first sheet as rows of cells (strings,
// numbers, booleans, Dates, null).
export { readSheet } from "read-excel-file/browser";
