// Names folded for word-prefix search that ignores case, accents, punctuation and the two ways German is written
// ("Müller" and "Mueller", "Straße" and "Strasse"). What is typed is folded with foldForSearch; what is stored
// is searchText, which holds both spellings of a name, so either finds it by prefix.

// Letters that Unicode does not decompose into a base letter and an accent, as people type them without one.
const UNDECOMPOSED: Record<string, string> = { ß: "ss", ł: "l", ø: "o", đ: "d", ð: "d", þ: "th", æ: "ae", œ: "oe", ı: "i", ħ: "h", ŧ: "t" };

/** Lower case without accents or punctuation, words separated by one space. */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[ßłøđðþæœıħŧ]/g, (c) => UNDECOMPOSED[c])
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const UMLAUTS: Record<string, string> = { ä: "ae", ö: "oe", ü: "ue", Ä: "Ae", Ö: "Oe", Ü: "Ue" };

/** The name's words written without umlauts, as Germans do ("Jörg Müller" → "joerg mueller"). */
const writtenOut = (text: string): string => foldForSearch(text.normalize("NFC").replace(/[äöüÄÖÜ]/g, (u) => UMLAUTS[u]));

/**
 * "mueller" → "muller": ae, oe, ue before a consonant read as the umlaut they may stand for. Not after a vowel or
 * q, where they are part of another sound ("Bauer", "neuer", "Queen"), nor at the end of a word ("Zoe").
 */
const contracted = (word: string): string => word.replace(/(?<![aeiouq])([aou])e(?=[b-df-hj-np-tv-z])/g, "$1");

/**
 * The text a name is stored and searched by: the folded first text (it is also the sort key), the other texts
 * where it does not already hold them (a display name usually holds the given and family names, and the sort key
 * should not read "anna muller anna muller"), then the other spelling of each word that has one: "Anna Müller" →
 * "anna muller mueller", "Bernd Mueller" → "bernd mueller muller". A word that only looks like a written-out
 * umlaut ("Manuel" → "manel") adds a spelling nobody types; it costs nothing.
 */
export function searchText(texts: string[]): string {
  const [first = "", ...others] = texts;
  const shown = foldForSearch(first);
  const extra = others.map(foldForSearch).filter((o) => o && !` ${shown} `.includes(` ${o} `));
  const base = [shown, ...extra].filter(Boolean).join(" ");
  const words = new Set(base.split(" "));
  const variants = new Set<string>();
  for (const word of [...texts.flatMap((t) => writtenOut(t).split(" ")), ...[...words].map(contracted)]) {
    if (word && !words.has(word)) variants.add(word);
  }
  return [base, ...variants].filter(Boolean).join(" ");
}
