// Every word the phone directory shows on a phone (DESIGN §5.2): menu, search form, page prompts, softkey
// names, number labels and the messages to the person at the phone, one table per language
// (switchboard.yml directory.language). A language is added by adding its table here.
// Titles and prompts are cut at 32 characters by objects.ts; keep them short. Softkey names: a phone shows
// about 8–10 characters.

export interface PhoneTexts {
  /** Title of the menu, the search form and result pages when the book has no label of its own. */
  contacts: string;
  menuPrompt: string;
  /** Menu item, softkey and the title of the "too short" message. */
  search: string;
  allContacts: string;
  searchPrompt: string;
  nameField: string;
  numberField: string;
  searchTitle: (query: string) => string;
  /** "1–32 of 250"; `total` is a number, or a number and "+" when only "many" is known. */
  range: (first: number, last: number, total: string) => string;
  nothingFound: string;
  noContacts: string;
  found: (count: number) => string;
  unknownCaller: string;
  softKeys: { dial: string; prev: string; next: string; exit: string };
  tooShort: string;
  tooShortPrompt: string;
  /** Title of the messages below. */
  phoneBook: string;
  noKey: string;
  tooManyKeys: (max: number) => string;
  unknownKey: (key: string) => string;
  noSources: string;
  mustReconnect: (book: string) => string;
  /** The number labels providers are stored with (core/contacts/build.ts TYPE_LABELS, FRITZ!Box's) as shown. */
  numberLabels: Record<string, string>;
}

const en: PhoneTexts = {
  contacts: "Contacts",
  menuPrompt: "Choose an option",
  search: "Search",
  allContacts: "All contacts",
  searchPrompt: "Name or number",
  nameField: "Name",
  numberField: "Number",
  searchTitle: (q) => `Search: ${q}`,
  range: (first, last, total) => `${first}–${last} of ${total}`,
  nothingFound: "Nothing found",
  noContacts: "No contacts",
  found: (n) => `${n} found`,
  unknownCaller: "Unknown caller",
  softKeys: { dial: "Dial", prev: "Prev", next: "Next", exit: "Exit" },
  tooShort: "Type at least one letter or three digits.",
  tooShortPrompt: "Press Back to search again",
  phoneBook: "Phone book",
  noKey: "No phone book key given. Add ?key=YOUR-KEY to the directory URL (see the Switchboard overview page).",
  tooManyKeys: (max) => `At most ${max} phone book keys can be combined.`,
  unknownKey: (key) => `The phone book key "${key}" is unknown. Check the key in the phone's directory URL.`,
  noSources: "This phone book has no contact sources yet. Add sources to it on the Contact sources page.",
  mustReconnect: (book) => `The phone book "${book}" must be reconnected by its owner before it has contacts. Open the Switchboard overview and connect it again.`,
  numberLabels: {},
};

const de: PhoneTexts = {
  contacts: "Kontakte",
  menuPrompt: "Bitte wählen",
  search: "Suchen",
  allContacts: "Alle Kontakte",
  searchPrompt: "Name oder Nummer",
  nameField: "Name",
  numberField: "Nummer",
  searchTitle: (q) => `Suche: ${q}`,
  range: (first, last, total) => `${first}–${last} von ${total}`,
  nothingFound: "Nichts gefunden",
  noContacts: "Keine Kontakte",
  found: (n) => `${n} gefunden`,
  unknownCaller: "Unbekannter Anrufer",
  softKeys: { dial: "Wählen", prev: "Zurück", next: "Weiter", exit: "Beenden" },
  tooShort: "Bitte mindestens einen Buchstaben oder drei Ziffern eingeben.",
  tooShortPrompt: "Zurück: neue Suche",
  phoneBook: "Telefonbuch",
  noKey: "Kein Telefonbuch-Schlüssel angegeben. ?key=IHR-SCHLÜSSEL an die Verzeichnis-URL anhängen (siehe Übersichtsseite von Switchboard).",
  tooManyKeys: (max) => `Höchstens ${max} Telefonbuch-Schlüssel lassen sich kombinieren.`,
  unknownKey: (key) => `Der Telefonbuch-Schlüssel "${key}" ist unbekannt. Bitte den Schlüssel in der Verzeichnis-URL des Telefons prüfen.`,
  noSources: "Dieses Telefonbuch hat noch keine Kontaktquellen. Quellen auf der Seite Kontaktquellen hinzufügen.",
  mustReconnect: (book) => `Das Telefonbuch "${book}" muss von seinem Besitzer neu verbunden werden, bevor es Kontakte hat. Dazu die Übersicht von Switchboard öffnen und es erneut verbinden.`,
  // The words of the German FRITZ!Box.
  numberLabels: {
    Mobile: "Mobil", Work: "Arbeit", Home: "Privat", Fax: "Fax", "Fax (home)": "Fax privat", Pager: "Pager",
    Other: "Sonstige", Internal: "Intern",
  },
};

export const PHONE_TEXTS = { en, de } as const satisfies Record<string, PhoneTexts>;

export type PhoneLanguage = keyof typeof PHONE_TEXTS;

export const PHONE_LANGUAGES = Object.keys(PHONE_TEXTS) as PhoneLanguage[];

/** A stored number label as the phone shows it: our own words translated, the source's own kept. */
export const shownLabel = (t: PhoneTexts, label: string): string => (Object.hasOwn(t.numberLabels, label) ? t.numberLabels[label] : label);
