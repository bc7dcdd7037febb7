//! Failover-texterna på svenska.

use crate::lang::failover::FailoverTexts;

pub static TEXTS: FailoverTexts = FailoverTexts {
    promoted: |name, epoch, version| {
        format!(
            "{name} är primär nu (epok {epoch}) och fortsätter från version {version}. Starta kundreg watch här om den inte redan körs; de andra datorerna följer den av sig själva."
        )
    },
    old_primary: |name, seen| {
        format!(
            "Den gamla primära, {name}, sågs senast {seen}. Kommer den tillbaka följer den den här datorn; det den gjorde medan den var avskuren behålls inte, och dess importer kommer tillbaka till inkorgen för att bekräftas igen."
        )
    },
    already_primary: "Den här datorn är redan primär.",
    lost_start: "En annan dator startade den här delade mappen i samma ögonblick, med ett eget register, och dess start vann. Det här registret hade kunder sedan tidigare; inget ändrades i det. Exportera dem (kundreg export --out kunder.csv), importera filen på den primära och starta den här datorn med ett nytt, tomt register (--db).",
    not_shared: "Registret delar ingen mapp med andra datorer (kundreg watch har inte anslutit till någon): det finns inget att befordra.",
    primary_alive: |name, ago| {
        format!(
            "Den primära, {name}, sågs för {ago} sedan: den är troligen igång. Inget ändrades. Se till att den är avstängd (nedstängd, kundreg watch stoppad där eller nätverkskabeln utdragen) och vänta 10 minuter, eller använd --force om du är säker."
        )
    },
    not_all_arrived: |version| {
        format!(
            "Version {version} från den primära har inte kommit hit än, fast senare versioner har det. Inget ändrades. Vänta tills den delade mappen är synkad, eller använd --force för att fortsätta utan den (den behålls då inte)."
        )
    },
    now_primary: |epoch| {
        format!("Den här datorn är primär nu (epok {epoch}): den genomför och publicerar.")
    },
    demoted: |by, epoch| {
        format!(
            "{by} har gjorts till primär (epok {epoch}). Den här datorn följer den nu och lämnar inkorgen åt den."
        )
    },
    why_fenced: |version| {
        format!(
            "den nya primära fortsätter från version {version}; det som kom efter den här gjordes medan datorn var avskuren"
        )
    },
    fenced: |count, by| {
        let versions = match count {
            1 => "1 version".to_string(),
            n => format!("{n} versioner"),
        };
        format!(
            "{versions} som den här datorn gjorde medan den var avskuren från de andra behölls inte ({by} är primär). Var och en lämnas tillbaka: importer till inkorgen, glömningar begärs igen, återställningar rapporteras."
        )
    },
    returned: |file, version, name| {
        format!(
            "Importen av {file} (version {version} här) behölls inte: filen ligger i inkorgen igen som {name}. Granska den nya förhandsgranskningen och bekräfta igen."
        )
    },
    missing: |file, version| {
        format!(
            "Importen av {file} (version {version} här) behölls inte, och filen finns inte längre i done/. Lägg den i inkorgen igen om den fortfarande behövs."
        )
    },
    reissued: |version, by| {
        format!(
            "Glömningen i version {version} här behölls inte: den har begärts av {by} igen, så kunden raderas överallt."
        )
    },
    rollback_fenced: |version, undid| {
        format!(
            "Återställningen i version {version} här (som ångrade {undid}) behölls inte. Behövs den fortfarande, gör den igen: kundreg history, sedan kundreg rollback."
        )
    },
    returned_note: |computer, at, version| {
        format!(
            "Den här filen importerades på {computer} {at} (version {version} där) medan den datorn var avskuren från de andra. Importen behölls inte. Förhandsgranskningen gäller registret som det är nu: granska den och bekräfta igen."
        )
    },
    status_epoch: "Epok",
    status_fenced: "Behölls inte (gjort medan avskuren)",
    copy_kept: |path| {
        format!("Registret som det var innan sparas som {path}: inget i det går förlorat.")
    },
    copy_erased: "Ingen kopia av registret som det var innan sparas, och tidigare kopior tas bort: den primära datorn har raderat en kund, som de skulle innehålla.",
    status_copies: "Sparat före en återuppbyggnad",
    fenced_remark: |computer, epoch| format!("spärrad: gjord på {computer} i epok {epoch}"),
    fenced_item: |what, computer, at| format!("{what}, gjord på {computer} {at}"),
    state_waiting: "lämnas tillbaka",
    state_returned: |name| {
        format!("i inkorgen igen som {name}: granska förhandsgranskningen och bekräfta igen")
    },
    state_missing: "filen finns inte längre i done/: lägg den i inkorgen igen om den behövs",
    state_rollback: "gör den igen om den fortfarande behövs (kundreg rollback)",
};
