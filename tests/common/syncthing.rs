//! Real Syncthing between "computers" on this one machine: each its own Syncthing home and
//! copy of the shared folder, connected over 127.0.0.1 only. Global and local discovery,
//! relays, NAT traversal, STUN, usage and crash reporting and upgrades are all off, so nothing
//! leaves loopback; the file watcher reports changes after 1 s. Dropping the value stops the
//! Syncthing processes.

use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Syncthing instances sharing one folder.
pub struct Mesh {
    pub folders: Vec<PathBuf>,
    homes: Vec<PathBuf>,
    children: Vec<Option<Child>>,
}

/// True when Syncthing is installed (`.ci/run` installs it).
pub fn available() -> bool {
    Command::new("syncthing")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A free TCP port on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

impl Mesh {
    /// `n` computers under `root`: `root/stN` (Syncthing's home) and `root/pcN/in` (the copy
    /// of the shared folder), every one connected to every other.
    pub fn new(root: &Path, n: usize) -> Mesh {
        let mut ids = Vec::new();
        let mut homes = Vec::new();
        let mut folders = Vec::new();
        for i in 0..n {
            let home = root.join(format!("st{i}"));
            let out = Command::new("syncthing")
                .arg("generate")
                .arg(format!("--home={}", home.display()))
                .arg("--no-default-folder")
                .output()
                .expect("syncthing generate");
            let text = String::from_utf8_lossy(&out.stdout).into_owned()
                + &String::from_utf8_lossy(&out.stderr);
            let id = text
                .lines()
                .find_map(|l| l.split("Device ID: ").nth(1))
                .expect("a device ID")
                .trim()
                .to_string();
            let folder = root.join(format!("pc{i}")).join("in");
            fs::create_dir_all(folder.join(".stfolder")).unwrap();
            ids.push(id);
            homes.push(home);
            folders.push(folder);
        }
        let ports: Vec<u16> = (0..n).map(|_| free_port()).collect();
        for i in 0..n {
            let devices: String = (0..n)
                .map(|j| {
                    format!(
                        "<device id=\"{}\" name=\"pc{j}\" compression=\"metadata\" introducer=\"false\">\
                         <address>tcp://127.0.0.1:{}</address><paused>false</paused></device>\n",
                        ids[j], ports[j]
                    )
                })
                .collect();
            let shared: String = ids
                .iter()
                .map(|id| format!("<device id=\"{id}\" introducedBy=\"\"></device>"))
                .collect();
            let config = format!(
                r#"<configuration version="36">
<folder id="kundreg" label="kundreg" path="{path}" type="sendreceive" rescanIntervalS="30" fsWatcherEnabled="true" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
<filesystemType>basic</filesystemType>{shared}<minDiskFree unit="%">0</minDiskFree>
</folder>
{devices}<gui enabled="false" tls="false"><address>127.0.0.1:{gui}</address></gui>
<options>
<listenAddress>tcp://127.0.0.1:{port}</listenAddress>
<globalAnnounceServer></globalAnnounceServer>
<globalAnnounceEnabled>false</globalAnnounceEnabled>
<localAnnounceEnabled>false</localAnnounceEnabled>
<relaysEnabled>false</relaysEnabled>
<natEnabled>false</natEnabled>
<startBrowser>false</startBrowser>
<reconnectionIntervalS>1</reconnectionIntervalS>
<urAccepted>-1</urAccepted>
<urURL></urURL>
<autoUpgradeIntervalH>0</autoUpgradeIntervalH>
<releasesURL></releasesURL>
<crashReportingEnabled>false</crashReportingEnabled>
<crashReportingURL></crashReportingURL>
<stunKeepaliveStartS>0</stunKeepaliveStartS>
<stunServer></stunServer>
<announceLANAddresses>false</announceLANAddresses>
<minHomeDiskFree unit="%">0</minHomeDiskFree>
</options>
</configuration>
"#,
                path = folders[i].display(),
                gui = free_port(),
                port = ports[i],
            );
            fs::write(homes[i].join("config.xml"), config).unwrap();
        }
        let mut mesh = Mesh {
            folders,
            homes,
            children: (0..n).map(|_| None).collect(),
        };
        for i in 0..n {
            mesh.start(i);
        }
        mesh
    }

    /// Starts computer `i`'s Syncthing (again).
    pub fn start(&mut self, i: usize) {
        let home = &self.homes[i];
        let child = Command::new("syncthing")
            .arg("serve")
            .arg(format!("--home={}", home.display()))
            .args([
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
                "--no-default-folder",
            ])
            .arg(format!(
                "--logfile={}",
                home.join("syncthing.log").display()
            ))
            .env("STNOUPGRADE", "1")
            // One process, not a monitor and its child: stopping it cuts the computer off
            // (killing a monitor would leave its child syncing).
            .env("STMONITORED", "yes")
            .env("STNODEFAULTFOLDER", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("syncthing serve");
        self.children[i] = Some(child);
    }

    /// Stops computer `i`'s Syncthing: it is cut off from the others.
    pub fn stop(&mut self, i: usize) {
        if let Some(mut child) = self.children[i].take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Mesh {
    fn drop(&mut self) {
        for i in 0..self.children.len() {
            self.stop(i);
        }
    }
}
