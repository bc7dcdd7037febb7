//! The shop key: the texts in English.

use crate::lang::key::KeyTexts;

pub static TEXTS: KeyTexts = KeyTexts {
    bad_code: "That is not a join code (--join): check that it is the whole code, as kundreg status shows it on a computer of the shop (55 letters and digits in groups of five).",
    needs_code: |folder| {
        format!(
            "The shared folder {folder} belongs to a shop, and this computer does not have the shop's key. Run kundreg status on a computer of the shop, and start this one with the code it shows: kundreg watch --join CODE. Nothing was changed."
        )
    },
    not_our_key: |folder| {
        format!(
            "The files in the shared folder {folder} are not sealed with this computer's shop key (the key was replaced with kundreg rekey, or the folder is another shop's). Join again with the code kundreg status shows on the primary: kundreg watch --join CODE. Nothing was changed."
        )
    },
    unsealed: |file| {
        format!(
            "{file} in the shared folder was not written by any of the shop's computers (it lacks the shop key's seal, or was changed): it is not used. If a computer of the shop wrote it, that computer has the wrong key: join it again with the code."
        )
    },
    took_over: "The shared folder was started by an earlier kundreg, without a shop key. This computer, its primary, has made a shop key and sealed the folder's files with it. Join the other computers again with the code kundreg status shows: kundreg watch --join CODE.",
    replaced: |fingerprint| {
        format!(
            "The shop key was replaced (now {fingerprint}). The other computers join again with the new code (kundreg status)."
        )
    },
    status_key: "Shop key",
    status_code: "Join code",
    status_unsealed: "Files without the shop's seal",
    no_key: "none (join with kundreg watch --join CODE)",
    rekeyed: |fingerprint, code| {
        format!(
            "The shop key was replaced (now {fingerprint}). Files written with the old key are no longer believed, and a computer with the old key can no longer speak for the shop. Join every other computer again with the new code:\n\n    kundreg watch --join {code}"
        )
    },
    rekey_not_shared: "This register does not share a folder with other computers (kundreg watch has not joined one): there is no shop key to replace.",
    rekey_not_primary: |primary| {
        format!(
            "The key is replaced on the primary ({primary}): run kundreg rekey there. Nothing was changed."
        )
    },
};
