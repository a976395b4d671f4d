<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AppController</name>
    <message numerus="yes">
        <source>%1 was signed out of the client portal on %n device(s).</source>
        <translation>
            <numerusform>%1 was signed out of the client portal on %n device.</numerusform>
            <numerusform>%1 was signed out of the client portal on %n devices.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DesktopNotifier</name>
    <message numerus="yes">
        <source>%n new item(s) from clients</source>
        <translation>
            <numerusform>%n new item from clients</numerusform>
            <numerusform>%n new items from clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>…and %n more</numerusform>
            <numerusform>…and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n change(s) waiting to sync</source>
        <translation>
            <numerusform>%n change waiting to sync</numerusform>
            <numerusform>%n changes waiting to sync</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unread from clients</source>
        <translation>
            <numerusform>%n unread from clients</numerusform>
            <numerusform>%n unread from clients</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message numerus="yes">
        <source>%n contact(s)</source>
        <translation>
            <numerusform>%n contact</numerusform>
            <numerusform>%n contacts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n project(s)</source>
        <translation>
            <numerusform>%n project</numerusform>
            <numerusform>%n projects</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s)</source>
        <translation>
            <numerusform>%n task</numerusform>
            <numerusform>%n tasks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sign-off(s)</source>
        <translation>
            <numerusform>%n sign-off</numerusform>
            <numerusform>%n sign-offs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n comment(s)</source>
        <translation>
            <numerusform>%n comment</numerusform>
            <numerusform>%n comments</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SecurityLogDialog</name>
    <message numerus="yes">
        <source>%n session(s)</source>
        <translation>
            <numerusform>%n session</numerusform>
            <numerusform>%n sessions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n event(s) shown.</source>
        <translation>
            <numerusform>%n event shown.</numerusform>
            <numerusform>%n events shown.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SessionsDialog</name>
    <message numerus="yes">
        <source>Signed in on %n device(s).</source>
        <translation>
            <numerusform>Signed in on %n device.</numerusform>
            <numerusform>Signed in on %n devices.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SharingChange</name>
    <message numerus="yes">
        <source>Share %n task(s) as %1: %2.</source>
        <translation>
            <numerusform>Share %n task as %1: %2.</numerusform>
            <numerusform>Share %n tasks as %1: %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Share %n file(s) as %1: %2.</source>
        <translation>
            <numerusform>Share %n file as %1: %2.</numerusform>
            <numerusform>Share %n files as %1: %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n task(s): %1</source>
        <translation>
            <numerusform>%n task: %1</numerusform>
            <numerusform>%n tasks: %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s): %1</source>
        <translation>
            <numerusform>%n file: %1</numerusform>
            <numerusform>%n files: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TwoFactorDialog</name>
    <message numerus="yes">
        <source>Two-factor sign-in is on. %n recovery code(s) left.</source>
        <translation>
            <numerusform>Two-factor sign-in is on. %n recovery code left.</numerusform>
            <numerusform>Two-factor sign-in is on. %n recovery codes left.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UndoableEdit</name>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
</TS>
