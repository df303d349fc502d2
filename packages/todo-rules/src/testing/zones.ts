// Time zones whose DST rules make local-day arithmetic hard: gaps at midnight (Santiago, Havana,
// Beirut), half-hour shifts (Lord Howe), odd offsets (Kolkata, Chatham), and the usual ones.
export const TRICKY_ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'America/Santiago',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Havana',
  'Asia/Beirut',
];
