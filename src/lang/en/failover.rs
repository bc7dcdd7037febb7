//! Failover's texts in English.

use crate::lang::failover::FailoverTexts;

pub static TEXTS: FailoverTexts = FailoverTexts {
    promoted: |name, epoch, version| {
        format!(
            "{name} is the primary now (epoch {epoch}), continuing from version {version}. Start kundreg watch here if it is not running; the other computers follow it by themselves."
        )
    },
    old_primary: |name, seen| {
        format!(
            "The old primary, {name}, was last seen {seen}. If it comes back it follows this computer; what it did while cut off is not kept, and its imports come back into the inbox to be confirmed again."
        )
    },
    already_primary: "This computer is the primary already.",
    lost_start: "Another computer started this shared folder at the same moment, with a register of its own, and its start won. This register held customers before; nothing was changed in it. Export them (kundreg export --out customers.csv), import that file on the primary, and start this computer with a new, empty register (--db).",
    not_shared: "This register does not share a folder with other computers (kundreg watch has not joined one): there is nothing to promote.",
    primary_alive: |name, ago| {
        format!(
            "The primary, {name}, was seen {ago} ago: it is probably still running. Nothing was changed. Make sure it is off (shut down, or kundreg watch stopped there, or its network cable out) and wait 10 minutes, or use --force if you are sure."
        )
    },
    not_all_arrived: |version| {
        format!(
            "Version {version} from the primary has not arrived here yet, though later ones have. Nothing was changed. Wait for the shared folder to finish syncing, or use --force to continue without it (it is then not kept)."
        )
    },
    now_primary: |epoch| {
        format!("This computer is the primary now (epoch {epoch}): it applies and publishes.")
    },
    demoted: |by, epoch| {
        format!(
            "{by} was made the primary (epoch {epoch}). This computer follows it now and leaves the inbox to it."
        )
    },
    why_fenced: |version| {
        format!(
            "the new primary continues from version {version}; what came after it here was made while this computer was cut off"
        )
    },
    fenced: |count, by| {
        let versions = match count {
            1 => "1 version".to_string(),
            n => format!("{n} versions"),
        };
        format!(
            "{versions} this computer made while cut off from the others were not kept ({by} is the primary). Each is given back: imports into the inbox, forgets asked again, rollbacks reported."
        )
    },
    returned: |file, version, name| {
        format!(
            "The import of {file} (version {version} here) was not kept: the file is back in the inbox as {name}. Check its new preview and confirm it again."
        )
    },
    missing: |file, version| {
        format!(
            "The import of {file} (version {version} here) was not kept, and the file is no longer in done/. Drop it into the inbox again if it is still wanted."
        )
    },
    reissued: |version, by| {
        format!(
            "The forget of version {version} here was not kept: it was asked of {by} again, so the customer is erased everywhere."
        )
    },
    rollback_fenced: |version, undid| {
        format!(
            "The rollback of version {version} here (undoing {undid}) was not kept. If it is still wanted, make it again: kundreg history, then kundreg rollback."
        )
    },
    returned_note: |computer, at, version| {
        format!(
            "This file was applied on {computer} at {at} (version {version} there) while that computer was cut off from the others. It was not kept. This preview is against the register as it is now: check it and confirm again."
        )
    },
    status_epoch: "Epoch",
    status_fenced: "Not kept (made while cut off)",
    copy_kept: |path| {
        format!("The register as it was before is kept as {path}: nothing in it is lost.")
    },
    copy_erased: "No copy of the register as it was before is kept, and earlier copies are removed: the primary has erased a customer, whom they would hold.",
    status_copies: "Kept before a rebuild",
    fenced_remark: |computer, epoch| format!("fenced: made on {computer} in epoch {epoch}"),
    fenced_item: |what, computer, at| format!("{what}, made on {computer} at {at}"),
    state_waiting: "being given back",
    state_returned: |name| {
        format!("back in the inbox as {name}: check its preview and confirm again")
    },
    state_missing: "its file is no longer in done/: drop it again if it is still wanted",
    state_rollback: "make it again if it is still wanted (kundreg rollback)",
};
