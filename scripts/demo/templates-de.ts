/** German templates for the demo world (see the template mini-language in schema.ts). */
import type { LangPack } from './schema';

export const de: LangPack = {
  lang: 'de',
  script: 'latin',
  joiner: ' ',
  lex: {
    product: {
      pottery: 'Töpferwaren',
      cheese: 'Käse',
      glass: 'Glas',
      wool: 'Wolle',
      salt: 'Salz',
      paper: 'Papier',
      clocks: 'Uhren',
      honey: 'Honig',
    },
    fish: {
      trout: { dat: 'Forellen', acc: 'Forellen' },
      salmon: { dat: 'Lachsen', acc: 'Lachse' },
      eel: { dat: 'Aalen', acc: 'Aale' },
      carp: { dat: 'Karpfen', acc: 'Karpfen' },
      pike: { dat: 'Hechten', acc: 'Hechte' },
      catfish: { dat: 'Welsen', acc: 'Welse' },
    },
    material: {
      stone: { dat: 'Stein', acc: 'Stein' },
      wood: { dat: 'Holz', acc: 'Holz' },
      steel: { dat: 'Stahl', acc: 'Stahl' },
      brick: { dat: 'Ziegeln', acc: 'Ziegel' },
      concrete: { dat: 'Beton', acc: 'Beton' },
      rope: { dat: 'Seilen', acc: 'Seile' },
    },
    invention: {
      windPump: { gen: 'der ^Windpumpe', nom: 'die ^Windpumpe' },
      rainGauge: { gen: 'des ^Regenmessers', nom: 'der ^Regenmesser' },
      waterFilter: { gen: 'des ^Wasserfilters', nom: 'der ^Wasserfilter' },
      loom: { gen: 'des ^mechanischen Webstuhls', nom: 'der ^mechanische Webstuhl' },
      steamBoiler: { gen: 'des ^Dampfkessels', nom: 'der ^Dampfkessel' },
      seismograph: { gen: 'des ^Seismografen', nom: 'der ^Seismograf' },
      divingBell: { gen: 'der ^Taucherglocke', nom: 'die ^Taucherglocke' },
    },
    month: {
      m1: 'Januar',
      m2: 'Februar',
      m3: 'März',
      m4: 'April',
      m5: 'Mai',
      m6: 'Juni',
      m7: 'Juli',
      m8: 'August',
      m9: 'September',
      m10: 'Oktober',
      m11: 'November',
      m12: 'Dezember',
    },
    ingredient: {
      rice: { dat: 'Reis', acc: 'Reis' },
      lentils: { dat: 'Linsen', acc: 'Linsen' },
      cassava: { dat: 'Maniok', acc: 'Maniok' },
      potatoes: { dat: 'Kartoffeln', acc: 'Kartoffeln' },
      mushrooms: { dat: 'Pilzen', acc: 'Pilze' },
      corn: { dat: 'Mais', acc: 'Mais' },
      beans: { dat: 'Bohnen', acc: 'Bohnen' },
      fish: { dat: 'Fisch', acc: 'Fisch' },
    },
    instrument: {
      violin: { bare: 'Geige', nom: 'die ^Geige' },
      flute: { bare: 'Flöte', nom: 'die ^Flöte' },
      drum: { bare: 'Trommel', nom: 'die ^Trommel' },
      accordion: { bare: 'Akkordeon', nom: 'das ^Akkordeon' },
      harp: { bare: 'Harfe', nom: 'die ^Harfe' },
      cello: { bare: 'Cello', nom: 'das ^Cello' },
      guitar: { bare: 'Gitarre', nom: 'die ^Gitarre' },
      trumpet: { bare: 'Trompete', nom: 'die ^Trompete' },
    },
  },
  cats: {
    town: {
      facts: {
        founded: {
          s: ['Die Stadt {N} wurde im Jahr {@founded} gegründet.', 'Im Jahr {@founded} bauten Siedler die ersten Häuser in {N}.'],
          q: ['In welchem Jahr entstand {N}?', 'Wann ließen sich die ersten Menschen in {N} nieder?'],
        },
        population: {
          s: ['{N} hat etwa {@population} Einwohner.', 'Heute leben rund {@population} Menschen in {N}.'],
          q: ['Wie groß ist die Bevölkerung von {N}?', 'Wie viele Bewohner zählt {N}?'],
        },
        river: {
          s: ['{N} liegt am Ufer des Flusses {@river}.', 'Der Fluss {@river} fließt durch das Zentrum von {N}.'],
          q: ['Welcher Fluss durchquert {N}?', 'An welchem Fluss liegt {N}?'],
        },
        product: {
          s: ['{N} ist berühmt für {@product}.', 'Händler kommen von weit her nach {N}, um {@product} zu kaufen.'],
          q: ['Für welches Produkt ist {N} bekannt?', 'Welches örtliche Erzeugnis hat {N} berühmt gemacht?'],
        },
        altitude: {
          s: [
            '{N} liegt {@altitude} Meter über dem Meeresspiegel.',
            'Das Zentrum von {N} befindet sich {@altitude} Meter über dem Meer.',
          ],
          q: ['Wie hoch über dem Meer liegt {N}?', 'Auf welcher Höhe befindet sich {N}?'],
        },
      },
      extra: [
        'Der alte Marktplatz von {N} ist von engen Gassen umgeben.',
        'Jeden Samstag kommen Bauern aus den umliegenden Dörfern nach {N}, um Gemüse zu verkaufen.',
        'Eine kleine Bahnlinie verbindet {N} mit der Küste.',
      ],
    },
    river: {
      facts: {
        length: {
          s: [
            'Der Fluss {N} ist {@length} Kilometer lang.',
            'Von der Quelle bis zur Mündung legt der Fluss {N} {@length} Kilometer zurück.',
          ],
          q: ['Wie lang ist der Fluss {N}?', 'Welche Gesamtlänge hat der Fluss {N}?'],
        },
        mouth: {
          s: ['Der Fluss {N} mündet in das {@mouth}-Meer.', 'An seiner Mündung ergießt sich der Fluss {N} in das {@mouth}-Meer.'],
          q: ['In welches Meer fließt der Fluss {N}?', 'Wo endet der Fluss {N}?'],
        },
        tributaries: {
          s: [
            'Der Fluss {N} wird von {@tributaries} Nebenflüssen gespeist.',
            'Entlang seines Laufs münden {@tributaries} kleinere Bäche in den Fluss {N}.',
          ],
          q: ['Wie viele Nebenflüsse hat der Fluss {N}?', 'Wie viele Bäche fließen in den Fluss {N}?'],
        },
        mapped: {
          s: [
            'Der Lauf des Flusses {N} wurde im Jahr {@mapped} zum ersten Mal kartiert.',
            'Die erste genaue Karte des Flusses {N} wurde im Jahr {@mapped} gezeichnet.',
          ],
          q: [
            'Wann wurde der Fluss {N} erstmals kartografiert?',
            'In welchem Jahr wurde der Fluss {N} zum ersten Mal auf einer Karte erfasst?',
          ],
        },
        fish: {
          s: ['Das Wasser des Flusses {N} ist reich an {@fish.dat}.', 'Angler fangen im Fluss {N} vor allem {@fish.acc}.'],
          q: ['Welcher Fisch ist im Fluss {N} häufig?', 'Welche Fischart lebt im Fluss {N}?'],
        },
      },
      extra: [
        'Im Frühling überschwemmt der Fluss {N} oft die Wiesen an seinen Ufern.',
        'Am Fluss {N} stehen noch mehrere alte Wassermühlen.',
        'In den warmen Monaten baden Kinder im Fluss {N}.',
      ],
    },
    bridge: {
      facts: {
        opened: {
          s: [
            'Die {N}-Brücke wurde im Jahr {@opened} eröffnet.',
            'Im Jahr {@opened} fuhren die ersten Wagen über die {N}-Brücke.',
          ],
          q: ['Wann wurde die {N}-Brücke für den Verkehr freigegeben?', 'In welchem Jahr wurde die {N}-Brücke eingeweiht?'],
        },
        length: {
          s: ['Die {N}-Brücke ist {@length} Meter lang.', 'Die {N}-Brücke erstreckt sich über insgesamt {@length} Meter.'],
          q: ['Wie lang ist die {N}-Brücke?', 'Welche Länge hat die {N}-Brücke?'],
        },
        material: {
          s: [
            'Die {N}-Brücke ist aus {@material.dat} gebaut.',
            'Die Erbauer verwendeten für die ganze {N}-Brücke {@material.acc}.',
          ],
          q: ['Aus welchem Material besteht die {N}-Brücke?', 'Woraus wurde die {N}-Brücke errichtet?'],
        },
        river: {
          s: ['Die {N}-Brücke überquert den Fluss {@river}.', 'Über die {N}-Brücke führt eine Straße über den Fluss {@river}.'],
          q: ['Welchen Fluss überspannt die {N}-Brücke?', 'Über welchem Fluss wurde die {N}-Brücke gebaut?'],
        },
        architect: {
          s: ['Den Entwurf der {N}-Brücke lieferte {@architect}.', 'Die Pläne für die {N}-Brücke zeichnete {@architect}.'],
          q: ['Wer hat die {N}-Brücke entworfen?', 'Wer plante die {N}-Brücke?'],
        },
      },
      extra: [
        'Nachts wird die {N}-Brücke von Laternen beleuchtet.',
        'Viele Touristen machen Fotos auf der {N}-Brücke.',
        'Nach einem schweren Sturm wurde die {N}-Brücke repariert.',
      ],
    },
    inventor: {
      facts: {
        born: {
          s: ['{N} wurde im Jahr {@born} geboren.', '{g:Der Erfinder|Die Erfinderin} {N} kam im Jahr {@born} zur Welt.'],
          q: ['In welchem Jahr wurde {N} geboren?', 'Was ist das Geburtsjahr von {N}?'],
        },
        birthplace: {
          s: ['{N} wuchs in der Stadt {@birthplace} auf.', '{N} verbrachte {g:seine|ihre} Kindheit in {@birthplace}.'],
          q: ['In welcher Stadt wuchs {N} auf?', 'Wo verbrachte {N} {g:seine|ihre} frühen Jahre?'],
        },
        invention: {
          s: [
            '{N} ist als {g:Erfinder|Erfinderin} {@invention.gen} in Erinnerung geblieben.',
            'Die bekannteste Erfindung von {N} ist {@invention.nom}.',
          ],
          q: ['Was hat {N} erfunden?', 'Durch welches Gerät wurde {N} berühmt?'],
        },
        inventedIn: {
          s: [
            '{N} stellte {g:seine|ihre} Erfindung im Jahr {@inventedIn} der Öffentlichkeit vor.',
            'Das erste funktionierende Modell von {N} entstand im Jahr {@inventedIn}.',
          ],
          q: [
            'Wann zeigte {N} {g:seine|ihre} Erfindung zum ersten Mal?',
            'In welchem Jahr stellte {N} {g:sein|ihr} erstes funktionierendes Gerät fertig?',
          ],
        },
        patents: {
          s: ['{N} meldete {@patents} Patente an.', 'Im Laufe {g:seines|ihres} Lebens erhielt {N} {@patents} Patente.'],
          q: ['Wie viele Patente besaß {N}?', 'Wie viele Patente wurden {N} erteilt?'],
        },
      },
      extra: [
        '{N} arbeitete gern bis spät in die Nacht in einer kleinen Werkstatt.',
        'Als Kind nahm {N} Uhren auseinander, um zu sehen, wie sie funktionieren.',
        'Briefe von {N} werden in einem örtlichen Museum aufbewahrt.',
      ],
    },
    festival: {
      facts: {
        first: {
          s: ['Das {N}-Fest fand im Jahr {@first} zum ersten Mal statt.', 'Das {N}-Fest geht auf das Jahr {@first} zurück.'],
          q: ['Seit wann gibt es das {N}-Fest?', 'In welchem Jahr wurde das erste {N}-Fest gefeiert?'],
        },
        month: {
          s: [
            'Das {N}-Fest findet jedes Jahr im {@month} statt.',
            'Jedes Jahr im {@month} versammeln sich die Menschen zum {N}-Fest.',
          ],
          q: ['In welchem Monat wird das {N}-Fest gefeiert?', 'Zu welcher Zeit des Jahres wird das {N}-Fest begangen?'],
        },
        days: {
          s: ['Das {N}-Fest dauert {@days} Tage.', 'Die Feiern beim {N}-Fest gehen {@days} Tage lang.'],
          q: ['Wie lange dauert das {N}-Fest?', 'An wie vielen Tagen wird das {N}-Fest abgehalten?'],
        },
        visitors: {
          s: ['Etwa {@visitors} Besucher kommen zum {N}-Fest.', 'Das {N}-Fest zieht rund {@visitors} Gäste an.'],
          q: ['Wie viele Menschen besuchen das {N}-Fest?', 'Wie hoch ist die Besucherzahl des {N}-Festes?'],
        },
        town: {
          s: ['Das {N}-Fest wird in der Stadt {@town} gefeiert.', 'Die Straßen von {@town} sind die Heimat des {N}-Festes.'],
          q: ['Wo findet das {N}-Fest statt?', 'Welche Stadt richtet das {N}-Fest aus?'],
        },
      },
      extra: [
        'Während des {N}-Festes werden die Straßen mit Papierlaternen geschmückt.',
        'Beim {N}-Fest treten Musiker und Tänzer auf.',
        'Die Eintrittskarten für das {N}-Fest sind früh ausverkauft.',
      ],
    },
    dish: {
      facts: {
        ingredient: {
          s: [
            '{N} ist ein Gericht, das hauptsächlich aus {@ingredient.dat} besteht.',
            'Für {N} braucht man vor allem {@ingredient.acc}.',
          ],
          q: ['Woraus wird {N} zubereitet?', 'Welche Zutat bildet die Grundlage von {N}?'],
        },
        minutes: {
          s: ['Die Zubereitung von {N} dauert etwa {@minutes} Minuten.', '{N} muss {@minutes} Minuten lang köcheln.'],
          q: ['Wie lange braucht man, um {N} zuzubereiten?', 'Wie viele Minuten wird {N} gekocht?'],
        },
        town: {
          s: ['{N} stammt aus der Stadt {@town}.', 'Das Rezept für {N} entstand in {@town}.'],
          q: ['Woher kommt {N} ursprünglich?', 'In welcher Stadt wurde {N} zuerst gekocht?'],
        },
        spices: {
          s: ['Für {N} verwendet man {@spices} verschiedene Gewürze.', 'Köche würzen {N} mit {@spices} Sorten von Gewürzen.'],
          q: ['Wie viele Gewürze kommen in {N}?', 'Wie viele Gewürzsorten enthält {N}?'],
        },
        recorded: {
          s: [
            'Das Rezept für {N} wurde im Jahr {@recorded} zum ersten Mal aufgeschrieben.',
            'Ein Kochbuch aus dem Jahr {@recorded} ist das älteste, das {N} erwähnt.',
          ],
          q: [
            'Wann wurde {N} zum ersten Mal schriftlich festgehalten?',
            'In welchem Jahr taucht {N} erstmals in einem Text auf?',
          ],
        },
      },
      extra: [
        '{N} wird meist heiß mit frischem Brot serviert.',
        'Viele Familien bereiten {N} an Feiertagen zu.',
        'Restaurants im Ausland bieten {N} seit Kurzem an.',
      ],
    },
    ship: {
      facts: {
        launched: {
          s: [
            'Das Schiff {N} lief im Jahr {@launched} vom Stapel.',
            'Das Schiff {N} stach im Jahr {@launched} zum ersten Mal in See.',
          ],
          q: ['Wann wurde das Schiff {N} zu Wasser gelassen?', 'In welchem Jahr nahm das Schiff {N} seine Fahrten auf?'],
        },
        length: {
          s: ['Das Schiff {N} ist {@length} Meter lang.', 'Der Rumpf des Schiffes {N} misst {@length} Meter.'],
          q: ['Wie lang ist das Schiff {N}?', 'Welche Länge hat das Schiff {N}?'],
        },
        crew: {
          s: [
            'Das Schiff {N} fährt mit einer Besatzung von {@crew} Personen.',
            '{@crew} Seeleute arbeiten an Bord des Schiffes {N}.',
          ],
          q: ['Aus wie vielen Personen besteht die Besatzung des Schiffes {N}?', 'Wie groß ist die Mannschaft des Schiffes {N}?'],
        },
        shipyard: {
          s: ['Das Schiff {N} wurde in der Werft von {@shipyard} gebaut.', 'Das Schiff {N} entstand in der Stadt {@shipyard}.'],
          q: ['Wo wurde das Schiff {N} gebaut?', 'In welcher Stadt wurde das Schiff {N} hergestellt?'],
        },
        captain: {
          s: [
            'Das erste Kommando auf dem Schiff {N} hatte {@captain}.',
            '{@captain} führte das Schiff {N} auf seiner ersten Reise.',
          ],
          q: ['Wer war der erste Kapitän des Schiffes {N}?', 'Wer leitete das Schiff {N} auf seiner Jungfernfahrt?'],
        },
      },
      extra: [
        'Das Schiff {N} ist weiß und blau gestrichen.',
        'Stürme haben dem Schiff {N} nie ernsthaft geschadet.',
        'Heute können Besucher das Deck des Schiffes {N} besichtigen.',
      ],
    },
    mountain: {
      facts: {
        height: {
          s: ['Der Berg {N} ist {@height} Meter hoch.', 'Der Gipfel des Berges {N} liegt auf {@height} Metern Höhe.'],
          q: ['Wie hoch ist der Berg {N}?', 'Welche Höhe erreicht der Berg {N}?'],
        },
        ascent: {
          s: [
            'Der Berg {N} wurde im Jahr {@ascent} zum ersten Mal bestiegen.',
            'Bergsteiger erreichten den Gipfel des Berges {N} erstmals im Jahr {@ascent}.',
          ],
          q: [
            'Wann wurde der Berg {N} erstbestiegen?',
            'In welchem Jahr stand zum ersten Mal jemand auf dem Gipfel des Berges {N}?',
          ],
        },
        climber: {
          s: [
            'Als erster Mensch erreichte {@climber} den Gipfel des Berges {N}.',
            '{@climber} leitete die erste erfolgreiche Besteigung des Berges {N}.',
          ],
          q: ['Wer bestieg den Berg {N} als Erstes?', 'Wem gelang die Erstbesteigung des Berges {N}?'],
        },
        range: {
          s: ['Der Berg {N} gehört zum {@range}-Gebirge.', 'Der Berg {N} ist Teil des {@range}-Gebirges.'],
          q: ['Zu welchem Gebirge zählt der Berg {N}?', 'In welchem Gebirge steht der Berg {N}?'],
        },
        glaciers: {
          s: [
            'An den Hängen des Berges {N} gibt es {@glaciers} Gletscher.',
            'Die Hänge des Berges {N} tragen {@glaciers} Gletscher.',
          ],
          q: ['Wie viele Gletscher hat der Berg {N}?', 'Wie viele Gletscher findet man am Berg {N}?'],
        },
      },
      extra: [
        'Der Berg {N} ist den größten Teil des Jahres mit Schnee bedeckt.',
        'Ein schmaler Pfad führt zu einer Hütte unterhalb des Berges {N}.',
        'An klaren Tagen ist der Berg {N} von weit her zu sehen.',
      ],
    },
    musician: {
      facts: {
        born: {
          s: ['{g:Der Musiker|Die Musikerin} {N} wurde im Jahr {@born} geboren.', '{N} kam im Jahr {@born} zur Welt.'],
          q: ['Wann wurde {N} geboren?', 'In welchem Jahr wurde {g:der Musiker|die Musikerin} {N} geboren?'],
        },
        hometown: {
          s: ['{N} stammt aus der Stadt {@hometown}.', '{N} wuchs in {@hometown} auf.'],
          q: ['Woher kommt {N}?', 'Was ist die Heimatstadt von {N}?'],
        },
        instrument: {
          s: ['{N} spielt {@instrument.bare}.', 'Das wichtigste Instrument von {N} ist {@instrument.nom}.'],
          q: ['Welches Instrument spielt {N}?', 'Für welches Instrument ist {N} bekannt?'],
        },
        albums: {
          s: ['{N} hat {@albums} Alben veröffentlicht.', 'Bisher hat {N} {@albums} Alben aufgenommen.'],
          q: ['Wie viele Alben hat {N} herausgebracht?', 'Wie viele Platten hat {N} gemacht?'],
        },
        debut: {
          s: [
            '{N} gab {g:sein|ihr} erstes Konzert im Jahr {@debut}.',
            '{N} stand im Jahr {@debut} zum ersten Mal auf der Bühne.',
          ],
          q: [
            'Wann spielte {N} {g:sein|ihr} erstes Konzert?',
            'In welchem Jahr hatte {N} {g:seinen|ihren} ersten Bühnenauftritt?',
          ],
        },
      },
      extra: [
        '{N} tritt oft in kleinen Theatern auf.',
        'Kritiker loben den ruhigen Stil von {N}.',
        '{N} unterrichtet außerdem Kinder in Musik.',
      ],
    },
  },
};
