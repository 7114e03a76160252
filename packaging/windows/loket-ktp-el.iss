; Inno Setup script for Loket KTP-el on Windows (issue 16).
; Build the bundle first on a Windows PC:  python tools\build_bundle.py
; then compile this script with Inno Setup 6:  iscc packaging\windows\loket-ktp-el.iss
; The installer goes to dist\LoketKTPel-Setup-VERSION.exe.
; Each user's data and keys live in %LOCALAPPDATA%\counter-app, which an uninstall or an
; upgrade never touches; the app migrates its database on the first start after an upgrade.

#define AppName "Loket KTP-el"
#define AppVersion "0.1.0"
#define BundleDir "..\..\dist\loket-ktp-el"

[Setup]
AppId={{6F0B8E55-2C1B-4C55-9A4E-4B7F1C0D6E21}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Kantor Kecamatan
DefaultDirName={autopf}\Loket KTP-el
DefaultGroupName={#AppName}
OutputDir=..\..\dist
OutputBaseFilename=LoketKTPel-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\loket-ktp-el.ico
UninstallDisplayIcon={app}\counter-app.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog

[Languages]
Name: "indonesian"; MessagesFile: "compiler:Languages\Indonesian.isl"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\Loket KTP-el"; Filename: "{app}\counter-app.exe"; Parameters: "gui"
Name: "{group}\Kios tiket"; Filename: "{app}\counter-app.exe"; Parameters: "kiosk"
Name: "{group}\Layar ruang tunggu"; Filename: "{app}\counter-app.exe"; Parameters: "display"
Name: "{autodesktop}\Loket KTP-el"; Filename: "{app}\counter-app.exe"; Parameters: "gui"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Buat ikon di desktop"; GroupDescription: "Ikon tambahan:"

[Run]
Filename: "{app}\counter-app.exe"; Parameters: "gui"; Description: "Jalankan Loket KTP-el"; Flags: nowait postinstall skipifsilent
