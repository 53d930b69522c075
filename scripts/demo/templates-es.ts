/** Spanish templates for the demo world (see the template mini-language in schema.ts). */
import type { LangPack } from './schema';

export const es: LangPack = {
  lang: 'es',
  script: 'latin',
  joiner: ' ',
  lex: {
    product: {
      pottery: 'cerámica',
      cheese: 'queso',
      glass: 'vidrio',
      wool: 'lana',
      salt: 'sal',
      paper: 'papel',
      clocks: 'relojes',
      honey: 'miel',
    },
    fish: { trout: 'truchas', salmon: 'salmones', eel: 'anguilas', carp: 'carpas', pike: 'lucios', catfish: 'siluros' },
    material: { stone: 'piedra', wood: 'madera', steel: 'acero', brick: 'ladrillo', concrete: 'hormigón', rope: 'cuerdas' },
    invention: {
      windPump: { de: 'de la ^bomba eólica', def: 'la ^bomba eólica' },
      rainGauge: { de: 'del ^pluviómetro', def: 'el ^pluviómetro' },
      waterFilter: { de: 'del ^filtro de agua', def: 'el ^filtro de agua' },
      loom: { de: 'del ^telar mecánico', def: 'el ^telar mecánico' },
      steamBoiler: { de: 'de la ^caldera de vapor', def: 'la ^caldera de vapor' },
      seismograph: { de: 'del ^sismógrafo', def: 'el ^sismógrafo' },
      divingBell: { de: 'de la ^campana de buceo', def: 'la ^campana de buceo' },
    },
    month: {
      m1: 'enero',
      m2: 'febrero',
      m3: 'marzo',
      m4: 'abril',
      m5: 'mayo',
      m6: 'junio',
      m7: 'julio',
      m8: 'agosto',
      m9: 'septiembre',
      m10: 'octubre',
      m11: 'noviembre',
      m12: 'diciembre',
    },
    ingredient: {
      rice: 'arroz',
      lentils: 'lentejas',
      cassava: 'yuca',
      potatoes: 'patatas',
      mushrooms: 'setas',
      corn: 'maíz',
      beans: 'judías',
      fish: 'pescado',
    },
    instrument: {
      violin: 'el ^violín',
      flute: 'la ^flauta',
      drum: 'el ^tambor',
      accordion: 'el ^acordeón',
      harp: 'el ^arpa',
      cello: 'el ^violonchelo',
      guitar: 'la ^guitarra',
      trumpet: 'la ^trompeta',
    },
  },
  cats: {
    town: {
      facts: {
        founded: {
          s: ['La ciudad de {N} fue fundada en {@founded}.', 'Los primeros colonos construyeron casas en {N} en {@founded}.'],
          q: ['¿En qué año se fundó {N}?', '¿Cuándo se asentaron las primeras personas en {N}?'],
        },
        population: {
          s: ['{N} tiene unos {@population} habitantes.', 'Hoy en día viven en {N} alrededor de {@population} personas.'],
          q: ['¿Cuál es la población de {N}?', '¿Cuántos residentes tiene {N}?'],
        },
        river: {
          s: ['{N} se encuentra a orillas del río {@river}.', 'El río {@river} atraviesa el centro de {N}.'],
          q: ['¿Qué río pasa por {N}?', '¿Junto a qué río se halla {N}?'],
        },
        product: {
          s: [
            '{N} destaca por su producción de {@product}.',
            'Comerciantes de lugares lejanos vienen a {N} a comprar {@product}.',
          ],
          q: ['¿Qué producto ha dado fama a {N}?', '¿Cuál es el producto local más célebre de {N}?'],
        },
        altitude: {
          s: [
            'El centro de {N} se encuentra a {@altitude} metros sobre el nivel del mar.',
            '{N} se alza a {@altitude} metros sobre el mar.',
          ],
          q: ['¿A qué altura sobre el mar está {N}?', '¿Cuál es la altitud de {N}?'],
        },
      },
      extra: [
        'La antigua plaza del mercado de {N} está rodeada de calles estrechas.',
        'Cada sábado, campesinos de las aldeas cercanas vienen a {N} a vender verduras.',
        'Una pequeña línea de ferrocarril une {N} con la costa.',
      ],
    },
    river: {
      facts: {
        length: {
          s: [
            'El río {N} tiene {@length} kilómetros de longitud.',
            'Desde su nacimiento hasta su desembocadura, el río {N} recorre {@length} kilómetros.',
          ],
          q: ['¿Qué longitud tiene el río {N}?', '¿Cuánto mide en total el río {N}?'],
        },
        mouth: {
          s: [
            'El río {N} desemboca en el mar de {@mouth}.',
            'En su desembocadura, el río {N} vierte sus aguas en el mar de {@mouth}.',
          ],
          q: ['¿En qué mar desagua el río {N}?', '¿Dónde termina el río {N}?'],
        },
        tributaries: {
          s: [
            'El río {N} recibe el agua de {@tributaries} afluentes.',
            'A lo largo de su curso, {@tributaries} arroyos más pequeños se unen al río {N}.',
          ],
          q: ['¿Cuántos afluentes tiene el río {N}?', '¿Cuántos arroyos desembocan en el río {N}?'],
        },
        mapped: {
          s: [
            'El curso del río {N} se cartografió por primera vez en {@mapped}.',
            'El primer mapa preciso del río {N} se dibujó en {@mapped}.',
          ],
          q: [
            '¿Cuándo se levantó la primera cartografía del río {N}?',
            '¿En qué año se representó por primera vez el río {N} en un mapa?',
          ],
        },
        fish: {
          s: ['Las aguas del río {N} son ricas en {@fish}.', 'Los pescadores del río {N} capturan sobre todo {@fish}.'],
          q: ['¿Qué pez es común en el río {N}?', '¿Qué tipo de pez vive en el río {N}?'],
        },
      },
      extra: [
        'En primavera, el río {N} inunda a menudo los prados de sus orillas.',
        'Junto al río {N} todavía se conservan varios molinos de agua antiguos.',
        'Durante los meses cálidos, los niños se bañan en el río {N}.',
      ],
    },
    bridge: {
      facts: {
        opened: {
          s: ['El puente {N} se inauguró en {@opened}.', 'Los primeros carros cruzaron el puente {N} en {@opened}.'],
          q: ['¿Cuándo se abrió al tráfico el puente {N}?', '¿En qué año entró en servicio el puente {N}?'],
        },
        length: {
          s: [
            'El puente {N} mide {@length} metros de largo.',
            'El puente {N} se extiende a lo largo de {@length} metros en total.',
          ],
          q: ['¿Qué longitud tiene el puente {N}?', '¿Cuántos metros tiene de largo el puente {N}?'],
        },
        material: {
          s: ['El puente {N} está hecho de {@material}.', 'Sus constructores emplearon {@material} para todo el puente {N}.'],
          q: ['¿De qué material es el puente {N}?', '¿Con qué se construyó el puente {N}?'],
        },
        river: {
          s: ['El puente {N} cruza el río {@river}.', 'El puente {N} lleva una carretera sobre el río {@river}.'],
          q: ['¿Qué río salva el puente {N}?', '¿Sobre qué río se construyó el puente {N}?'],
        },
        architect: {
          s: ['El puente {N} fue diseñado por {@architect}.', 'Los planos del puente {N} los dibujó {@architect}.'],
          q: ['¿Quién diseñó el puente {N}?', '¿Quién proyectó el puente {N}?'],
        },
      },
      extra: [
        'Por la noche, el puente {N} se ilumina con faroles.',
        'Muchos turistas se hacen fotos en el puente {N}.',
        'El puente {N} fue reparado tras una fuerte tormenta.',
      ],
    },
    inventor: {
      facts: {
        born: {
          s: ['{N} nació en {@born}.', '{g:El inventor|La inventora} {N} vino al mundo en {@born}.'],
          q: ['¿En qué año nació {N}?', '¿Cuál es el año de nacimiento de {N}?'],
        },
        birthplace: {
          s: ['{N} creció en la ciudad de {@birthplace}.', '{N} pasó su infancia en {@birthplace}.'],
          q: ['¿En qué ciudad se crio {N}?', '¿Dónde pasó {N} sus primeros años?'],
        },
        invention: {
          s: [
            'Se recuerda a {N} como {g:el inventor|la inventora} {@invention.de}.',
            'El invento más conocido de {N} es {@invention.def}.',
          ],
          q: ['¿Qué inventó {N}?', '¿Qué aparato dio fama a {N}?'],
        },
        inventedIn: {
          s: [
            '{N} presentó su invento al público en {@inventedIn}.',
            'El primer modelo funcional de {N} se construyó en {@inventedIn}.',
          ],
          q: ['¿Cuándo mostró {N} su invento por primera vez?', '¿En qué año terminó {N} su primer aparato que funcionaba?'],
        },
        patents: {
          s: ['{N} registró {@patents} patentes.', 'A lo largo de su vida, {N} obtuvo {@patents} patentes.'],
          q: ['¿Cuántas patentes tenía {N}?', '¿Cuántas patentes se concedieron a {N}?'],
        },
      },
      extra: [
        'A {N} le gustaba trabajar hasta tarde en un pequeño taller.',
        '{g:De niño|De niña}, {N} desmontaba relojes para ver cómo funcionaban.',
        'Las cartas escritas por {N} se guardan en un museo local.',
      ],
    },
    festival: {
      facts: {
        first: {
          s: ['El festival de {N} se celebró por primera vez en {@first}.', 'El festival de {N} se remonta a {@first}.'],
          q: ['¿Cuándo comenzó el festival de {N}?', '¿En qué año tuvo lugar el primer festival de {N}?'],
        },
        month: {
          s: [
            'El festival de {N} tiene lugar cada año en {@month}.',
            'Todos los años, en {@month}, la gente se reúne para el festival de {N}.',
          ],
          q: ['¿En qué mes se celebra el festival de {N}?', '¿En qué época del año se realiza el festival de {N}?'],
        },
        days: {
          s: [
            'El festival de {N} dura {@days} días.',
            'Las celebraciones del festival de {N} se prolongan durante {@days} días.',
          ],
          q: ['¿Cuánto tiempo dura el festival de {N}?', '¿Durante cuántos días se celebra el festival de {N}?'],
        },
        visitors: {
          s: [
            'Unos {@visitors} visitantes acuden al festival de {N}.',
            'El festival de {N} atrae a cerca de {@visitors} invitados.',
          ],
          q: ['¿Cuántas personas van al festival de {N}?', '¿Cuál es la asistencia del festival de {N}?'],
        },
        town: {
          s: [
            'El festival de {N} se celebra en la ciudad de {@town}.',
            'Las calles de {@town} son el hogar del festival de {N}.',
          ],
          q: ['¿Dónde tiene lugar el festival de {N}?', '¿Qué ciudad acoge el festival de {N}?'],
        },
      },
      extra: [
        'Durante el festival de {N}, las calles se decoran con farolillos de papel.',
        'En el festival de {N} actúan músicos y bailarines.',
        'Las entradas para el festival de {N} se agotan pronto.',
      ],
    },
    dish: {
      facts: {
        ingredient: {
          s: [
            '{N} es un plato elaborado principalmente con {@ingredient}.',
            'Quien cocina {N} utiliza sobre todo {@ingredient}.',
          ],
          q: ['¿De qué está hecho {N}?', '¿Qué ingrediente es la base de {N}?'],
        },
        minutes: {
          s: ['Cocinar {N} lleva unos {@minutes} minutos.', '{N} tiene que hervir a fuego lento durante {@minutes} minutos.'],
          q: ['¿Cuánto tiempo se tarda en preparar {N}?', '¿Cuántos minutos se cocina {N}?'],
        },
        town: {
          s: ['{N} procede de la ciudad de {@town}.', 'La receta de {N} nació en {@town}.'],
          q: ['¿De dónde es originario {N}?', '¿En qué ciudad se preparó {N} por primera vez?'],
        },
        spices: {
          s: [
            'La receta de {N} lleva {@spices} especias distintas.',
            'Los cocineros sazonan {N} con {@spices} tipos de especias.',
          ],
          q: ['¿Cuántas especias lleva {N}?', '¿Cuántas clases de especias contiene {N}?'],
        },
        recorded: {
          s: [
            'La receta de {N} se puso por escrito por primera vez en {@recorded}.',
            'Un libro de cocina de {@recorded} es el más antiguo que menciona {N}.',
          ],
          q: ['¿Cuándo quedó registrado {N} por primera vez?', '¿En qué año aparece {N} por primera vez en un texto?'],
        },
      },
      extra: [
        '{N} suele servirse caliente con pan recién hecho.',
        'Muchas familias preparan {N} en los días festivos.',
        'Desde hace poco, restaurantes del extranjero ofrecen {N}.',
      ],
    },
    ship: {
      facts: {
        launched: {
          s: ['El barco {N} fue botado en {@launched}.', 'El barco {N} se hizo a la mar por primera vez en {@launched}.'],
          q: ['¿Cuándo fue puesto a flote el barco {N}?', '¿En qué año empezó a navegar el barco {N}?'],
        },
        length: {
          s: ['El barco {N} mide {@length} metros de eslora.', 'El casco del barco {N} tiene {@length} metros.'],
          q: ['¿Qué longitud tiene el barco {N}?', '¿Cuánto mide el barco {N}?'],
        },
        crew: {
          s: [
            'El barco {N} navega con una tripulación de {@crew} personas.',
            'A bordo del barco {N} trabajan {@crew} marineros.',
          ],
          q: ['¿Cuántas personas forman la tripulación del barco {N}?', '¿De qué tamaño es la tripulación del barco {N}?'],
        },
        shipyard: {
          s: [
            'El barco {N} se construyó en el astillero de {@shipyard}.',
            'El barco {N} fue fabricado en la ciudad de {@shipyard}.',
          ],
          q: ['¿Dónde se construyó el barco {N}?', '¿En qué ciudad se hizo el barco {N}?'],
        },
        captain: {
          s: ['El primer capitán del barco {N} fue {@captain}.', '{@captain} estuvo al mando del barco {N} en su primer viaje.'],
          q: ['¿Quién fue el primer capitán del barco {N}?', '¿Quién dirigió el barco {N} en su viaje inaugural?'],
        },
      },
      extra: [
        'El barco {N} está pintado de blanco y azul.',
        'Las tormentas nunca han dañado gravemente el barco {N}.',
        'Hoy los visitantes pueden recorrer la cubierta del barco {N}.',
      ],
    },
    mountain: {
      facts: {
        height: {
          s: ['El monte {N} alcanza {@height} metros.', 'La cumbre del monte {N} está a {@height} metros de altura.'],
          q: ['¿Qué altura tiene el monte {N}?', '¿Cuál es la elevación del monte {N}?'],
        },
        ascent: {
          s: [
            'El monte {N} fue escalado por primera vez en {@ascent}.',
            'Los alpinistas llegaron a la cima del monte {N} por primera vez en {@ascent}.',
          ],
          q: [
            '¿Cuándo se ascendió por primera vez al monte {N}?',
            '¿En qué año pisó alguien por primera vez la cumbre del monte {N}?',
          ],
        },
        climber: {
          s: [
            'La primera persona en alcanzar la cima del monte {N} fue {@climber}.',
            '{@climber} dirigió la primera escalada con éxito del monte {N}.',
          ],
          q: ['¿Quién subió primero al monte {N}?', '¿Quién realizó la primera ascensión del monte {N}?'],
        },
        range: {
          s: ['El monte {N} pertenece a la cordillera de {@range}.', 'El monte {N} forma parte de los montes de {@range}.'],
          q: ['¿Qué cordillera incluye el monte {N}?', '¿En qué sierra se levanta el monte {N}?'],
        },
        glaciers: {
          s: [
            'En las laderas del monte {N} hay {@glaciers} glaciares.',
            'Las laderas del monte {N} albergan {@glaciers} glaciares.',
          ],
          q: ['¿Cuántos glaciares tiene el monte {N}?', '¿Cuántos glaciares se encuentran en el monte {N}?'],
        },
      },
      extra: [
        'El monte {N} está cubierto de nieve la mayor parte del año.',
        'Un sendero estrecho lleva a un refugio al pie del monte {N}.',
        'En los días despejados, el monte {N} se ve desde muy lejos.',
      ],
    },
    musician: {
      facts: {
        born: {
          s: ['{g:El|La} artista {N} nació en {@born}.', '{N} vino al mundo en {@born}.'],
          q: ['¿Cuándo nació {N}?', '¿En qué año nació {g:el|la} artista {N}?'],
        },
        hometown: {
          s: ['{N} es de la ciudad de {@hometown}.', '{N} se crio en {@hometown}.'],
          q: ['¿De dónde es {N}?', '¿Cuál es la ciudad natal de {N}?'],
        },
        instrument: {
          s: ['{N} toca {@instrument}.', 'El instrumento principal de {N} es {@instrument}.'],
          q: ['¿Qué instrumento toca {N}?', '¿Por qué instrumento se conoce a {N}?'],
        },
        albums: {
          s: ['{N} ha publicado {@albums} álbumes.', 'Hasta ahora, {N} ha grabado {@albums} álbumes.'],
          q: ['¿Cuántos álbumes ha sacado {N}?', '¿Cuántos discos ha hecho {N}?'],
        },
        debut: {
          s: ['{N} dio su primer concierto en {@debut}.', '{N} actuó por primera vez en un escenario en {@debut}.'],
          q: ['¿Cuándo tocó {N} su primer concierto?', '¿En qué año debutó {N} en los escenarios?'],
        },
      },
      extra: [
        '{N} actúa a menudo en teatros pequeños.',
        'Los críticos elogian el estilo sereno de {N}.',
        '{N} también enseña música a niños.',
      ],
    },
  },
};
