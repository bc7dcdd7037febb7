//! Several computers, one shared folder: the texts in English.

use crate::lang::shared::SharedTexts;

pub static TEXTS: SharedTexts = SharedTexts {
    started: |folder| {
        format!(
            "Started the shared folder {folder} with this computer as its primary: it alone changes the register. Other computers join with the code kundreg status shows (kundreg watch --join CODE on their copy of the folder) and follow it."
        )
    },
    primary: "This computer is the shared folder's primary: it previews and imports the folder's files and publishes every version.",
    replica: |primary| {
        format!(
            "This computer follows {primary}, the shared folder's primary: it keeps its own copy of the register up to date and leaves the folder's files to the primary."
        )
    },
    waiting_for_folder: "Waiting for the shared folder's register to arrive from its primary (--join CODE).",
    twin_yields: "Another computer has this computer's identity (a copied disk?); it started later and takes a new one.",
    twin_renamed: |primary, was_primary| {
        let role = if was_primary {
            " It no longer acts as the primary."
        } else {
            ""
        };
        format!(
            "This computer had the identity of another computer in the folder (a copied disk?) and has taken a new one.{role} It follows {primary} and makes its register again from the primary's copy."
        )
    },
    published: |version| format!("Version {version} published to the shared folder."),
    published_snapshot: |version| {
        format!(
            "A copy of the whole register at version {version} published to the shared folder, for computers that join or are behind."
        )
    },
    erased_log: |files| {
        format!(
            "{files} older files removed from the folder's log: they held the forgotten customer."
        )
    },
    compacted_log: |files| {
        format!(
            "{files} older files removed from the folder's log: every computer has what they held."
        )
    },
    replayed: |version, what| format!("Version {version} from the primary: {what}."),
    rebuilt: |version, why| {
        format!("The register was rebuilt from the primary's copy at version {version} ({why}).")
    },
    why_joined: "this computer is joining",
    why_behind: "the log before it was removed",
    why_diverged: |version| format!("after version {version} it differed from the primary's"),
    waiting_version: |version| {
        format!(
            "Waiting for version {version} from the primary: later versions have arrived, this one not yet."
        )
    },
    arriving: |version| format!("Version {version} is still arriving."),
    waiting_snapshot: "Waiting for the primary's copy of the register to arrive.",
    failed: |detail| format!("The shared folder: {detail}. Trying again at the next scan."),
    folder_failed: |detail| format!("The shared folder: {detail}. Nothing was changed."),
    log_file_damaged: |detail| {
        format!(
            "A file in the shared folder's .kundreg cannot be used ({detail}); it is waited for or replaced."
        )
    },
    foreign: |db, folder, customers, version| {
        let customers = match customers {
            1 => "1 customer".to_string(),
            n => format!("{n} customers"),
        };
        format!(
            "The register {db} holds other data ({customers}, version {version}) than the register the shared folder {folder} carries. Nothing was changed in either. To bring its customers over: export them (kundreg --db {db} export --out customers.csv), import that file on the primary, and start this computer with a new, empty register (--db)."
        )
    },
    archive_rewritten: |files| {
        format!(
            "Also erased from {files} of kundreg's files in the shared folder (done/ and previews)."
        )
    },
    archive_waiting: |rows| {
        format!(
            "Still in files waiting in the inbox, not changed (they are the staff's files; remove the rows there): {rows}."
        )
    },
    archive_failed: |path, why| {
        format!("Could not erase the customer from {path} ({why}); remove them from it by hand.")
    },
    queued: |primary| {
        format!(
            "Sent to {primary}, the primary. It is carried out when kundreg watch runs there; this computer's watch log shows the outcome."
        )
    },
    asked: |primary, seconds| {
        format!("Sent to {primary}, the primary; waiting for it (up to {seconds} s) …")
    },
    no_answer: |primary, seconds, seen| {
        format!(
            "{primary}, the primary (last seen: {seen}), has not answered in {seconds} s. The request stays queued: it is carried out when kundreg watch runs on {primary}. Wait longer with --wait SECONDS."
        )
    },
    not_arrived: |primary, version| {
        format!(
            "{primary} made version {version}, but it has not arrived on this computer yet; kundreg watch here replays it when it does."
        )
    },
    request_done: |from, what, version| format!("Request from {from}: {what} — version {version}."),
    request_nothing: |from, what| format!("Request from {from}: {what} — nothing to change."),
    request_refused: |from, what, why| format!("Request from {from}: {what} — refused: {why}"),
    request_too_large: |file, limit| {
        format!(
            "The request {file} in the shared folder is larger than the {limit} MB a file may be here (--max-size): it is not read. If a computer of the shop sent it, import the file on the primary."
        )
    },
    status_role: "Role",
    role_primary: "primary (changes the register)",
    role_replica: "replica (follows the primary)",
    role_alone: "alone (no other computer shares its folder)",
    status_folder: "Shared folder",
    status_primary: "Primary",
    seen: |name, when| format!("{name}, last seen {when}"),
    not_seen: "not seen yet",
    status_behind: "Behind",
    up_to_date: "up to date",
    behind: |versions| format!("{versions} versions"),
};
