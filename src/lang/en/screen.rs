//! The screen: the texts in English.

use crate::lang::screen::ScreenTexts;
use crate::screen::Problem;

pub static TEXTS: ScreenTexts = ScreenTexts {
    register: "Customers",
    import: "Import customers",
    inbox: "Inbox",
    history: "History",
    computers: "Computers",
    foreign_host: "The screen answers on this computer's own address only (127.0.0.1 or localhost).",
    wrong_token: "The address does not carry the screen's key for this start (kundreg was restarted since?).",
    no_session: "The screen is opened from the address kundreg shows, with its key.",
    not_from_screen: "Changes are made from the screen's own pages only.",
    how_to_open: "Open the screen with the command below on this computer (or the address kundreg watch wrote in its log when it started):",
    failed_title: "It did not work",
    done_title: "Done",
    waiting_title: "Waiting for the primary",
    back: "Back",
    problem: |p| {
        match p {
        Problem::NotLoopback(address) => format!("--ui {address}: the screen listens on this computer's own address only (127.0.0.1, ::1). Other computers run their own kundreg and their own screen."),
        Problem::NotRunning => "No screen runs for this register: start kundreg watch (without --no-ui) first.".into(),
        Problem::NoRegister => "There is no register yet: an import makes it.".into(),
        Problem::NotJoined => "This computer has not joined its shared folder yet, so the change cannot be sent to the primary.".into(),
        Problem::UploadGone => "The list is no longer kept (the screen restarted, or many lists were read since). Read it in again.".into(),
        Problem::NoFile => "Choose a file under From file, or paste the list under Copy/Paste.".into(),
        Problem::NothingPasted => "Paste the list (the format on the first line), or choose From file.".into(),
        Problem::Upload(why) => format!("The file could not be received ({why}). Is it larger than kundreg reads (--max-size)?"),
        Problem::NoSuchInput(name) => format!("The inbox has no customer file named \"{name}\"."),
        Problem::PreviewChanged(name) => format!("The preview of \"{name}\" changed since the page showed it. Look at it again, then confirm."),
        Problem::NotConfirmed => "The customer number you typed does not match: the customer is not forgotten.".into(),
        Problem::NoSuchRequest => "This computer has no such change waiting for an answer.".into(),
    }
    },
    no_register: "There is no customer register yet. Import a customer list to make it.",
    register_facts: |customers, version| match customers {
        1 => format!("1 customer, version {version}"),
        n => format!("{n} customers, version {version}"),
    },
    search_label: "Search (name, address, city, phone, postal code, customer number or email)",
    search: "Search",
    found: |total| match total {
        1 => "1 customer found.".into(),
        n => format!("{n} customers found."),
    },
    found_more_than: |total| format!("More than {total} customers found."),
    no_customers: "The register has no customers.",
    next_page: "Next page →",
    duplicates: "Likely duplicates",
    duplicates_explained: "Customers who have the same phone number, or the same first name, last name and postal code. Correct the one who stays and forget the other.",
    more_duplicates: |more| {
        format!("… and {more} more groups (kundreg duplicates lists them all).")
    },
    new_customer: "New customer",
    new_needs_key: "A new customer needs an email or a customer number (without a number they get the next free one).",
    edit: "Change",
    edit_title: |number| format!("Change customer {number}"),
    show_change: "Show the change",
    customer: "Customer",
    field: "Field",
    before: "Before",
    after: "After",
    save: "Spara",
    forget_title: "Forget the customer",
    forget_explained: |number| {
        format!(
            "Customer {number} is erased from the register and from the whole history, and from the lists kundreg kept in the shared folder. This cannot be undone."
        )
    },
    forget_type_number: |number| format!("Type the customer number ({number}) to confirm:"),
    forget: "Forget the customer",
    paste: "Copy/Paste",
    paste_explained: "On the first line, write the format, for example email;first name;last name;phone. On the lines after it, paste the customers in that format. The list needs an email, a customer number or both.",
    from_file: "From file",
    choose_file: "Choose the file to import (CSV, text or workbook):",
    file_kept: |name| format!("Kept file: {name}. Choose another file to replace it."),
    sheet: "Sheet of the workbook (empty: kundreg chooses):",
    preview_of: |name| format!("Preview: {name}"),
    download_not_applied: |rows| format!("Download the {rows} rows not imported"),
    import_another: "Import another list",
    inbox_folder: |folder| format!("The files waiting in the shared folder {folder}."),
    inbox_empty: "No customer files are waiting.",
    file: "File",
    size: "Size",
    changed: "Changed",
    preview: "Preview",
    previewed: "written",
    not_previewed: "not yet",
    daemon_not_caught_up: "kundreg has not previewed the file as it is now yet. Wait a few seconds and reload the page; then it can be confirmed.",
    cancel: "Cancel",
    confirmed: |name| {
        format!(
            "\"{name}\" is confirmed. kundreg imports it within seconds and moves it to done/ with a receipt."
        )
    },
    cancelled: |name| {
        format!("\"{name}\" is cancelled. kundreg moves it out of the inbox within seconds.")
    },
    history_explained: "Every import and change is a version. A version can be undone, and an undo redone, as a new version.",
    version_changes: "What the version changed",
    more_changes: |more, version| {
        format!("… and {more} more customers (kundreg show {version} lists them all).")
    },
    undo_title: "Undo the version",
    redo_title: "Redo what was undone",
    undo: "Undo",
    redo: "Redo",
    force_explained: "Later versions changed these customers. Forced, the customers are restored as they were before the version anyway, and the later changes of them are overwritten.",
    show_forced: "Show the undo, forced",
    no_computers: "The register shares no folder with other computers.",
    computer_columns: ["Computer", "Role", "Version", "Behind", "Last seen"],
    waiting_for_primary: |primary| {
        format!(
            "The change was sent to the primary {primary}. The page shows its answer as soon as it comes."
        )
    },
    primary_not_answering: |primary, seen| match seen {
        Some(seen) => format!(
            "The primary {primary} is not answering (last seen {seen}). The change waits in the shared folder and is made when it answers."
        ),
        None => format!(
            "The primary {primary} is not answering. The change waits in the shared folder and is made when it answers."
        ),
    },
    open_at: |url| format!("The screen: open {url}"),
    port_taken: |address, why| {
        format!(
            "The screen does not start: {address} is in use ({why}). The folder is watched all the same; kundreg ui opens the screen already running."
        )
    },
    not_started: |why| {
        format!("The screen does not start ({why}). The folder is watched all the same.")
    },
    no_browser: "No browser could be opened here: open the address above yourself.",
};
