//! Butiksnyckeln: texterna på svenska.

use crate::lang::key::KeyTexts;

pub static TEXTS: KeyTexts = KeyTexts {
    bad_code: "Det där är ingen kod för att ansluta (--join): kontrollera att den är hela koden, som kundreg status visar den på en dator i butiken (55 tecken i grupper om fem).",
    needs_code: |folder| {
        format!(
            "Den delade mappen {folder} hör till en butik, och den här datorn har inte butikens nyckel. Kör kundreg status på en dator i butiken, och starta den här med koden som visas där: kundreg watch --join KOD. Ingenting ändrades."
        )
    },
    not_our_key: |folder| {
        format!(
            "Filerna i den delade mappen {folder} är inte låsta med den här datorns butiksnyckel (nyckeln har bytts med kundreg rekey, eller mappen hör till en annan butik). Anslut igen med koden som kundreg status visar på den primära datorn: kundreg watch --join KOD. Ingenting ändrades."
        )
    },
    unsealed: |file| {
        format!(
            "{file} i den delade mappen är inte skriven av någon av butikens datorer (den saknar butiksnyckelns lås, eller har ändrats): den används inte. Om en dator i butiken skrev den har den fel nyckel: anslut den igen med koden."
        )
    },
    took_over: "Den delade mappen startades av en tidigare kundreg, utan butiksnyckel. Den här datorn, dess primära, har gjort en butiksnyckel och låst mappens filer med den. Anslut de andra datorerna igen med koden som kundreg status visar: kundreg watch --join KOD.",
    replaced: |fingerprint| {
        format!(
            "Butiksnyckeln byttes (nu {fingerprint}). De andra datorerna ansluter igen med den nya koden (kundreg status)."
        )
    },
    status_key: "Butiksnyckel",
    status_code: "Kod för att ansluta",
    status_unsealed: "Filer utan butikens lås",
    no_key: "ingen (anslut med kundreg watch --join KOD)",
    rekeyed: |fingerprint, code| {
        format!(
            "Butiksnyckeln är bytt (nu {fingerprint}). Filer som skrivits med den gamla nyckeln tros inte längre, och en dator med den gamla nyckeln kan inte längre tala för butiken. Anslut varje annan dator igen med den nya koden:\n\n    kundreg watch --join {code}"
        )
    },
    rekey_not_shared: "Det här registret delar ingen mapp med andra datorer (kundreg watch har inte anslutit till någon): det finns ingen butiksnyckel att byta.",
    rekey_not_primary: |primary| {
        format!(
            "Nyckeln byts på den primära datorn ({primary}): kör kundreg rekey där. Ingenting ändrades."
        )
    },
};
